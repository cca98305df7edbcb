using System.Net;
using Gimbal.Core.Collections;
using Gimbal.Core.Routing;
using Gimbal.Yarp.Tests.Infrastructure;
using static Gimbal.Yarp.Tests.Infrastructure.Tables;

namespace Gimbal.Yarp.Tests.Resilience;

public sealed class TimeoutTests : IAsyncLifetime
{
    private TestGateway _gateway = null!;
    private HttpClient _client = null!;
    private StallingUpstream _stalling = null!;
    private Upstream _healthy = null!;

    public async Task InitializeAsync()
    {
        _gateway = await TestGateway.StartAsync();
        _client = _gateway.CreateClient();
        _stalling = new StallingUpstream();
        _healthy = await Upstream.StartAsync("healthy");
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _gateway.DisposeAsync();
        await _stalling.DisposeAsync();
        await _healthy.DisposeAsync();
    }

    [Fact]
    public async Task An_upstream_silent_for_longer_than_the_idle_timeout_gets_a_504()
    {
        await ServeAsync([_stalling.Port], new ForwardAction { Clusters = App, Timeouts = new TimeoutPolicy { Idle = TimeSpan.FromMilliseconds(500) } });

        using var response = await _client.GetAsync("/");

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.True(_stalling.Connections >= 1);
    }

    [Fact]
    public async Task A_try_that_outlasts_its_per_try_timeout_gets_a_504_without_retries()
    {
        await ServeAsync([_stalling.Port], new ForwardAction { Clusters = App, Retry = new RetryPolicy { Count = 0, PerTryTimeout = TimeSpan.FromMilliseconds(500) } });

        using var response = await _client.GetAsync("/");

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
    }

    [Fact]
    public async Task A_try_that_outlasts_its_per_try_timeout_is_retried_on_another_endpoint()
    {
        // Generous: the healthy endpoint must answer within one try even on a loaded machine.
        var retry = new RetryPolicy { Count = 1, PerTryTimeout = TimeSpan.FromSeconds(3), RetryOn = EquatableArray.Create("reset") };
        await ServeAsync([_stalling.Port, _healthy.Port], new ForwardAction { Clusters = App, Retry = retry });

        // Round robin sends every other first try to the stalling endpoint; the retry always lands on the other one.
        for (var i = 0; i < 4; i++)
        {
            using var response = await _client.GetAsync("/");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("healthy", response.Headers.GetValues("x-upstream").Single());
        }

        Assert.True(_stalling.Connections >= 1);
    }

    private static EquatableArray<WeightedCluster> App => EquatableArray.Create(new WeightedCluster { ClusterName = "app" });

    private async Task ServeAsync(int[] ports, ForwardAction forward)
    {
        var route = Forward("/", "app") with { Action = new RouteAction { Forward = forward } };
        var ready = Forward("/healthz", "ready");
        _gateway.Apply(
            Table([Host("*", ready, route)], [Cluster("app"), Cluster("ready")]),
            EndpointTable(Endpoints("app", ports), Endpoints("ready", _healthy)));
        await Eventually.HoldsAsync(async () => (await _client.GetAsync("/healthz")).IsSuccessStatusCode, "config applied");
    }
}
