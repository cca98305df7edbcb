using System.Net;
using System.Net.Sockets;
using Gimbal.Core.Collections;
using Gimbal.Core.Routing;
using Gimbal.Yarp.Tests.Infrastructure;
using static Gimbal.Yarp.Tests.Infrastructure.Tables;

namespace Gimbal.Yarp.Tests.Health;

public sealed class HealthCheckTests : IAsyncLifetime
{
    private Upstream _good = null!;
    private Upstream _flaky = null!;
    private TestGateway _gateway = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _good = await Upstream.StartAsync("good");
        _flaky = await Upstream.StartAsync("flaky");
        _gateway = await TestGateway.StartAsync(o => o.PassiveReactivationPeriod = TimeSpan.FromSeconds(2));
        _client = _gateway.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _gateway.DisposeAsync();
        await _good.DisposeAsync();
        await _flaky.DisposeAsync();
    }

    [Fact]
    public async Task Active_health_checks_eject_a_failing_endpoint_and_bring_it_back()
    {
        var health = new HealthCheckPolicy { Path = "/healthz", Interval = TimeSpan.FromMilliseconds(200), Timeout = TimeSpan.FromSeconds(2), UnhealthyThreshold = 1 };
        _gateway.Apply(Table([Host("*", Forward("/", "app"))], [Cluster("app", health: health)]), EndpointTable(Endpoints("app", _good, _flaky)));
        await Eventually.HoldsAsync(async () => await ServedBy(20) is { Count: 2 }, "both endpoints serve");

        _flaky.Healthy = false;
        await Eventually.HoldsAsync(async () => await ServedBy(20) is { Count: 1 } s && s.Contains("good"), "flaky endpoint ejected");

        _flaky.Healthy = true;
        await Eventually.HoldsAsync(async () => await ServedBy(20) is { Count: 2 }, "flaky endpoint back");
    }

    [Fact]
    public async Task An_ejected_endpoint_comes_back_only_after_healthy_threshold_passed_probes_in_a_row()
    {
        var health = new HealthCheckPolicy
        {
            // Probes a second apart: an endpoint back after its first passed probe is seen back long before a third one.
            Path = "/healthz", Interval = TimeSpan.FromSeconds(1), Timeout = TimeSpan.FromSeconds(2), UnhealthyThreshold = 2, HealthyThreshold = 3,
        };
        _gateway.Apply(Table([Host("*", Forward("/", "app"))], [Cluster("app", health: health)]), EndpointTable(Endpoints("app", _good, _flaky)));
        await Eventually.HoldsAsync(async () => await ServedBy(20) is { Count: 2 }, "both endpoints serve");

        _flaky.Healthy = false;
        await Eventually.HoldsAsync(async () => await ServedBy(20) is { Count: 1 } s && s.Contains("good"), "flaky endpoint ejected");

        var passedBefore = _flaky.HealthyAnswers;
        _flaky.Healthy = true;
        await Eventually.HoldsAsync(async () => await ServedBy(20) is { Count: 2 }, "flaky endpoint back");
        Assert.True(_flaky.HealthyAnswers - passedBefore >= 3, $"back after {_flaky.HealthyAnswers - passedBefore} passed probes");
    }

    [Theory]
    [InlineData("health.example.com", "health.example.com")]
    [InlineData(null, "gimbal-envoy-healthcheck")]
    public async Task Health_probes_carry_the_health_check_host(string? host, string expected)
    {
        var health = new HealthCheckPolicy { Path = "/healthz", Host = host, Interval = TimeSpan.FromMilliseconds(200), Timeout = TimeSpan.FromSeconds(2) };
        _gateway.Apply(Table([Host("*", Forward("/", "app"))], [Cluster("app", health: health)]), EndpointTable(Endpoints("app", _good)));

        await Eventually.HoldsAsync(() => Task.FromResult(_good.LastHealthHost == expected), $"a probe with Host {expected}");
    }

    [Fact]
    public async Task Passive_checks_eject_an_endpoint_that_refuses_connections_and_retries_hide_the_failures()
    {
        var deadPort = UnusedPort();
        var route = Forward("/", "app") with
        {
            Action = new RouteAction
            {
                Forward = new ForwardAction
                {
                    Clusters = EquatableArray.Create(new WeightedCluster { ClusterName = "app" }),
                    Retry = new RetryPolicy { Count = 2, RetryOn = EquatableArray.Create("connect-failure") },
                },
            },
        };
        _gateway.Apply(
            Table([Host("*", route)], [Cluster("app")]),
            EndpointTable(new ClusterEndpoints
            {
                ClusterName = "app",
                Endpoints = EquatableArray.Create(
                    new LbEndpoint { Address = "127.0.0.1", Port = _good.Port },
                    new LbEndpoint { Address = "127.0.0.1", Port = deadPort }),
            }));
        await Eventually.HoldsAsync(async () => (await _client.GetAsync("/")).IsSuccessStatusCode, "config applied");

        // With a retry on another endpoint, no request fails although one endpoint is down.
        for (var i = 0; i < 40; i++)
        {
            using var response = await _client.GetAsync("/");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public async Task Passive_checks_eject_an_endpoint_after_transport_failures_and_bring_it_back_later()
    {
        var port = UnusedPort();
        _gateway.Apply(Table([Host("*", Forward("/", "app"))], [Cluster("app")]), EndpointTable(Endpoints("app", _good.Port, port)));
        await Eventually.HoldsAsync(async () => (await _client.GetAsync("/")).IsSuccessStatusCode, "config applied");

        // Failures at the transport level (connection refused) eject the dead endpoint...
        await Eventually.HoldsAsync(async () => await AllSucceed(20), "dead endpoint ejected");

        // ...and after the reactivation period it gets traffic again once it is back.
        await using var revived = await Upstream.StartAsync("revived", port: port);
        await Eventually.HoldsAsync(async () => (await ServedBy(20)).Contains("revived"), "endpoint reactivated");
    }

    private async Task<bool> AllSucceed(int requests)
    {
        for (var i = 0; i < requests; i++)
        {
            using var response = await _client.GetAsync("/");
            if (!response.IsSuccessStatusCode)
            {
                return false;
            }
        }

        return true;
    }

    private async Task<HashSet<string>> ServedBy(int requests)
    {
        var seen = new HashSet<string>();
        for (var i = 0; i < requests; i++)
        {
            using var response = await _client.GetAsync("/");
            if (response.IsSuccessStatusCode)
            {
                seen.Add(response.Headers.GetValues("x-upstream").Single());
            }
        }

        return seen;
    }

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
