using System.Net;
using Gimbal.Core.Collections;
using Gimbal.Core.Routing;
using Gimbal.Yarp.Tests.Infrastructure;
using static Gimbal.Yarp.Tests.Infrastructure.Tables;

namespace Gimbal.Yarp.Tests.Resilience;

public sealed class RetryTests : IAsyncLifetime
{
    private TestGateway _gateway = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _gateway = await TestGateway.StartAsync();
        _client = _gateway.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _gateway.DisposeAsync();
    }

    [Theory]
    [InlineData("5xx", 503)]
    [InlineData("5xx", 500)]
    [InlineData("gateway-error", 502)]
    [InlineData("retriable-4xx", 409)]
    public async Task An_answer_matching_retry_on_is_retried_and_never_reaches_the_client(string retryOn, int status)
    {
        await using var upstream = await ScriptedUpstream.StartAsync("app", status);
        await ServeAsync(upstream, new RetryPolicy { Count = 2, RetryOn = EquatableArray.Create(retryOn) });

        using var response = await _client.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("app ok", await response.Content.ReadAsStringAsync());
        Assert.Equal(2, upstream.Requests);
    }

    [Fact]
    public async Task An_empty_retry_on_means_5xx_as_in_the_envoy_translation()
    {
        await using var upstream = await ScriptedUpstream.StartAsync("app", 503);
        await ServeAsync(upstream, new RetryPolicy { Count = 1 });

        using var response = await _client.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, upstream.Requests);
    }

    [Theory]
    [InlineData("gateway-error", 500)]
    [InlineData("connect-failure", 503)]
    [InlineData("5xx", 409)]
    public async Task An_answer_outside_retry_on_is_passed_through_untouched(string retryOn, int status)
    {
        await using var upstream = await ScriptedUpstream.StartAsync("app", status);
        await ServeAsync(upstream, new RetryPolicy { Count = 2, RetryOn = EquatableArray.Create(retryOn) });

        using var response = await _client.GetAsync("/");

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal($"app failed with {status}", await response.Content.ReadAsStringAsync());
        Assert.Equal(1, upstream.Requests);
    }

    [Fact]
    public async Task When_every_try_fails_the_last_answer_reaches_the_client()
    {
        await using var upstream = await ScriptedUpstream.StartAsync("app", 503, 502, 500, 500);
        await ServeAsync(upstream, new RetryPolicy { Count = 2, RetryOn = EquatableArray.Create("5xx") });

        using var response = await _client.GetAsync("/");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("app failed with 500", await response.Content.ReadAsStringAsync());
        Assert.Equal(3, upstream.Requests);
    }

    [Fact]
    public async Task Requests_with_a_body_are_not_retried()
    {
        await using var upstream = await ScriptedUpstream.StartAsync("app", 503);
        await ServeAsync(upstream, new RetryPolicy { Count = 2, RetryOn = EquatableArray.Create("5xx") });

        using var response = await _client.PostAsync("/", new StringContent("payload"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(1, upstream.Requests);
    }

    [Fact]
    public async Task A_retry_prefers_an_endpoint_not_tried_yet()
    {
        await using var failing = await ScriptedUpstream.StartAsync("failing", Enumerable.Repeat(503, 100).ToArray());
        await using var healthy = await ScriptedUpstream.StartAsync("healthy");
        await ServeAsync([failing, healthy], new RetryPolicy { Count = 1, RetryOn = EquatableArray.Create("5xx") }, breakers: null);

        for (var i = 0; i < 20; i++)
        {
            using var response = await _client.GetAsync("/");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("healthy", response.Headers.GetValues("x-upstream").Single());
        }
    }

    [Fact]
    public async Task A_full_max_retries_circuit_breaker_lets_the_failure_through()
    {
        await using var upstream = await ScriptedUpstream.StartAsync("app", 503);
        await ServeAsync([upstream], new RetryPolicy { Count = 2, RetryOn = EquatableArray.Create("5xx") }, new CircuitBreakers { MaxRetries = 0 });

        using var response = await _client.GetAsync("/");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(1, upstream.Requests);
    }

    private Task ServeAsync(ScriptedUpstream upstream, RetryPolicy retry) => ServeAsync([upstream], retry, breakers: null);

    private async Task ServeAsync(ScriptedUpstream[] upstreams, RetryPolicy retry, CircuitBreakers? breakers)
    {
        var route = Forward("/", "app") with
        {
            Action = new RouteAction
            {
                Forward = new ForwardAction { Clusters = EquatableArray.Create(new WeightedCluster { ClusterName = "app" }), Retry = retry },
            },
        };
        _gateway.Apply(
            Table([Host("*", route)], [Cluster("app") with { CircuitBreakers = breakers }]),
            EndpointTable(Endpoints("app", upstreams.Select(u => u.Port).ToArray())));

        // YARP applies a config asynchronously: wait until the route answers.
        await Eventually.HoldsAsync(async () => (await _client.GetAsync(ScriptedUpstream.ReadyPath)).IsSuccessStatusCode, "route served");
    }
}
