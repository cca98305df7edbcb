using System.Net;
using Gimbal.Core.Diagnostics;
using Gimbal.Core.Routing;
using Gimbal.Yarp.Tests.Infrastructure;
using static Gimbal.Yarp.Tests.Infrastructure.Tables;

namespace Gimbal.Yarp.Tests.Configuration;

public sealed class ConfigChangeUnderLoadTests : IAsyncLifetime
{
    private readonly List<Upstream> _upstreams = [];
    private TestGateway _gateway = null!;

    public async Task InitializeAsync()
    {
        for (var i = 0; i < 3; i++)
        {
            _upstreams.Add(await Upstream.StartAsync($"u{i}"));
        }

        _gateway = await TestGateway.StartAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var upstream in _upstreams)
        {
            upstream.Release();
        }

        await _gateway.DisposeAsync();
        foreach (var upstream in _upstreams)
        {
            await upstream.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_thousand_requests_in_flight_survive_fifty_config_changes()
    {
        _gateway.Apply(Version(0), Endpoints(0));
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 2000, UseCookies = false })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{_gateway.HttpPort}"),
            Timeout = TimeSpan.FromMinutes(2),
        };
        await Eventually.HoldsAsync(async () => (await client.GetAsync("/")).IsSuccessStatusCode, "first config applied");

        const int inFlight = 1000;
        var held = Enumerable.Range(0, inFlight).Select(_ => client.GetAsync("/hold")).ToList();
        await Eventually.HoldsAsync(() => Task.FromResult(_upstreams.Sum(u => u.Held) >= inFlight / 2), "half the requests reached the upstreams", TimeSpan.FromSeconds(60));

        // Plain requests keep flowing while routes, splits and endpoints change underneath.
        using var stop = new CancellationTokenSource();
        var failures = new List<string>();
        var served = 0;
        var traffic = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var response = await client.GetAsync("/");
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    var body = await response.Content.ReadAsStringAsync();
                    lock (failures)
                    {
                        failures.Add($"{response.StatusCode}: {body}");
                    }
                }

                Interlocked.Increment(ref served);
            }
        });

        for (var change = 1; change <= 50; change++)
        {
            _gateway.Apply(Version(change), Endpoints(change));
            var servedBefore = Volatile.Read(ref served);
            if (change % 5 != 0)
            {
                // This change's own route answering proves YARP has applied it.
                var probe = $"/extra-{change}-0";
                var expected = $"change {change}";
                await Eventually.HoldsAsync(async () => await client.GetStringAsync(probe) == expected, $"change {change} applied");
            }

            await Eventually.HoldsAsync(() => Task.FromResult(Volatile.Read(ref served) > servedBefore + 2), $"traffic after change {change}");
        }

        await Eventually.HoldsAsync(() => Task.FromResult(_upstreams.Sum(u => u.Held) >= inFlight), "all held requests reached the upstreams", TimeSpan.FromSeconds(60));
        foreach (var upstream in _upstreams)
        {
            upstream.Release();
        }

        var responses = await Task.WhenAll(held);
        await stop.CancelAsync();
        await traffic;

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Empty(failures);
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    /// <summary>Routes that differ per change: extra routes come and go, and "/" alternates between a plain cluster and a split.</summary>
    private static RouteTable Version(int change)
    {
        var routes = new List<Route> { Forward("/hold", "app") };
        for (var extra = 0; extra < change % 5; extra++)
        {
            routes.Add(new Route
            {
                Match = new RouteMatch { PathKind = PathMatchKind.Exact, Path = $"/extra-{change}-{extra}" },
                Action = new RouteAction { DirectResponse = new DirectResponseAction { StatusCode = 200, Body = $"change {change}" } },
                Source = new ObjectRef("Ingress", "default", $"extra-{extra}"),
            });
        }

        routes.Add(change % 2 == 0 ? Forward("/", "app") : Forward(PathMatchKind.Prefix, "/", ("app", 70), ("other", 30)));
        return Table([Host("*", [.. routes])], [Cluster("app"), Cluster("other", new LoadBalancerPolicy { Strategy = LoadBalancingStrategy.LeastRequest })]);
    }

    /// <summary>Endpoints that move between upstreams, so requests in flight target endpoints no longer in the config.</summary>
    private EndpointTable Endpoints(int change) => EndpointTable(
        Tables.Endpoints("app", _upstreams[change % 3], _upstreams[(change + 1) % 3]),
        Tables.Endpoints("other", _upstreams[(change + 2) % 3]));
}
