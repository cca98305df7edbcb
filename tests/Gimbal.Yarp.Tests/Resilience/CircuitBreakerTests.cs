using System.Net;
using Gimbal.Core.Routing;
using Gimbal.Yarp.Tests.Infrastructure;
using static Gimbal.Yarp.Tests.Infrastructure.Tables;

namespace Gimbal.Yarp.Tests.Resilience;

public sealed class CircuitBreakerTests : IAsyncLifetime
{
    private TestGateway _gateway = null!;
    private HttpClient _client = null!;
    private Upstream _upstream = null!;

    public async Task InitializeAsync()
    {
        _gateway = await TestGateway.StartAsync();
        _client = _gateway.CreateClient();
        _upstream = await Upstream.StartAsync("app");
    }

    public async Task DisposeAsync()
    {
        _upstream.Release();
        _client.Dispose();
        await _gateway.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    [Fact]
    public async Task Requests_beyond_max_requests_get_an_overloaded_503_at_once()
    {
        await ServeAsync(new CircuitBreakers { MaxRequests = 2 });
        var first = _client.GetAsync("/hold");
        await Eventually.HoldsAsync(() => Task.FromResult(_upstream.Held == 1), "first request held");
        var second = _client.GetAsync("/hold");
        await Eventually.HoldsAsync(() => Task.FromResult(_upstream.Held == 2), "second request held");

        using (var third = await _client.GetAsync("/hold"))
        {
            AssertOverloaded(third);
        }

        _upstream.Release();
        foreach (var request in new[] { first, second })
        {
            using var response = await request;
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // With the held requests done, the cluster takes requests again.
        using var after = await _client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task Max_connections_plus_max_pending_requests_bound_the_requests_in_flight()
    {
        await ServeAsync(new CircuitBreakers { MaxConnections = 1, MaxPendingRequests = 2 });
        var first = _client.GetAsync("/hold");
        await Eventually.HoldsAsync(() => Task.FromResult(_upstream.Held == 1), "first request held");

        // One request on the one connection and two waiting for it fill the cluster: of three more
        // requests, whichever arrives last is turned away at once, the others wait.
        var more = Enumerable.Range(0, 3).Select(_ => _client.GetAsync("/hold")).ToList();
        var turnedAway = await Task.WhenAny(more).WaitAsync(Eventually.DefaultTimeout);
        using (var response = await turnedAway)
        {
            AssertOverloaded(response);
        }

        Assert.Equal(1, _upstream.Held);
        _upstream.Release();
        foreach (var request in more.Where(r => r != turnedAway).Append(first))
        {
            using var response = await request;
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    private static void AssertOverloaded(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("true", response.Headers.GetValues("x-envoy-overloaded").Single());
    }

    private async Task ServeAsync(CircuitBreakers breakers)
    {
        _gateway.Apply(
            Table([Host("*", Forward("/", "app"))], [Cluster("app") with { CircuitBreakers = breakers }]),
            EndpointTable(Endpoints("app", _upstream)));
        await Eventually.HoldsAsync(async () => (await _client.GetAsync("/")).IsSuccessStatusCode, "config applied");
    }
}
