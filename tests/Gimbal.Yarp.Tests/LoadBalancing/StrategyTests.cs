using Gimbal.Core.Routing;
using Gimbal.Yarp.Tests.Infrastructure;
using static Gimbal.Yarp.Tests.Infrastructure.Tables;

namespace Gimbal.Yarp.Tests.LoadBalancing;

public sealed class StrategyTests : IAsyncLifetime
{
    private readonly List<Upstream> _upstreams = [];
    private TestGateway _gateway = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        for (var i = 0; i < 4; i++)
        {
            _upstreams.Add(await Upstream.StartAsync($"u{i}"));
        }

        _gateway = await TestGateway.StartAsync();
        _client = _gateway.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _gateway.DisposeAsync();
        foreach (var upstream in _upstreams)
        {
            await upstream.DisposeAsync();
        }
    }

    [Theory]
    [InlineData(LoadBalancingStrategy.RoundRobin)]
    [InlineData(LoadBalancingStrategy.LeastRequest)]
    [InlineData(LoadBalancingStrategy.Random)]
    [InlineData(LoadBalancingStrategy.PowerOfTwoChoices)]
    public async Task Every_strategy_serves_from_the_clusters_endpoints(LoadBalancingStrategy strategy)
    {
        await ApplyAsync(new LoadBalancerPolicy { Strategy = strategy });
        var seen = new HashSet<string>();
        for (var i = 0; i < 200; i++)
        {
            seen.Add(await UpstreamFor(null, null));
        }

        Assert.Subset(_upstreams.Select(u => u.Name).ToHashSet(), seen);
        if (strategy is LoadBalancingStrategy.RoundRobin or LoadBalancingStrategy.Random or LoadBalancingStrategy.PowerOfTwoChoices)
        {
            Assert.Equal(4, seen.Count);
        }
    }

    [Fact]
    public async Task Round_robin_takes_turns()
    {
        await ApplyAsync(new LoadBalancerPolicy { Strategy = LoadBalancingStrategy.RoundRobin });
        var order = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            order.Add(await UpstreamFor(null, null));
        }

        Assert.Equal(4, order.Take(4).Distinct().Count());
        Assert.Equal(order.Take(4), order.Skip(4));
    }

    [Fact]
    public async Task Ring_hash_on_a_header_keeps_a_key_on_one_endpoint_and_spreads_keys()
    {
        await ApplyAsync(new LoadBalancerPolicy { Strategy = LoadBalancingStrategy.RingHash, HashHeader = "x-user" });
        var owners = new HashSet<string>();
        for (var user = 0; user < 40; user++)
        {
            var first = await UpstreamFor(("x-user", $"user-{user}"), null);
            for (var again = 0; again < 5; again++)
            {
                Assert.Equal(first, await UpstreamFor(("x-user", $"user-{user}"), null));
            }

            owners.Add(first);
        }

        Assert.True(owners.Count >= 3, $"40 keys landed on only {owners.Count} endpoints");
    }

    [Fact]
    public async Task Ring_hash_on_a_cookie_keeps_a_key_on_one_endpoint()
    {
        await ApplyAsync(new LoadBalancerPolicy { Strategy = LoadBalancingStrategy.RingHash, HashCookie = "session" });
        for (var user = 0; user < 10; user++)
        {
            var first = await UpstreamFor(null, $"session=s{user}");
            for (var again = 0; again < 5; again++)
            {
                Assert.Equal(first, await UpstreamFor(null, $"session=s{user}; other=1"));
            }
        }
    }

    [Theory]
    [InlineData(LoadBalancingStrategy.RoundRobin, 0.0)]
    [InlineData(LoadBalancingStrategy.Random, 0.05)]
    public async Task Endpoint_weights_share_traffic_in_proportion(LoadBalancingStrategy strategy, double tolerance)
    {
        var endpoints = new ClusterEndpoints
        {
            ClusterName = "app",
            Endpoints = Gimbal.Core.Collections.EquatableArray.Create(
                new LbEndpoint { Address = "127.0.0.1", Port = _upstreams[0].Port, Weight = 3 },
                new LbEndpoint { Address = "127.0.0.1", Port = _upstreams[1].Port, Weight = 1 }),
        };
        _gateway.Apply(Table([Host("*", Forward("/", "app"))], [Cluster("app", new LoadBalancerPolicy { Strategy = strategy })]), EndpointTable(endpoints));
        await Eventually.HoldsAsync(async () => await UpstreamFor(null, null) == "u1", "weighted endpoints applied");

        var heavy = 0;
        const int total = 800;
        for (var i = 0; i < total; i++)
        {
            heavy += await UpstreamFor(null, null) == "u0" ? 1 : 0;
        }

        Assert.InRange(heavy / (double)total, 0.75 - tolerance, 0.75 + tolerance);
    }

    private async Task ApplyAsync(LoadBalancerPolicy policy)
    {
        _gateway.Apply(Table([Host("*", Forward("/", "app"))], [Cluster("app", policy)]), EndpointTable(Endpoints("app", [.. _upstreams])));
        await Eventually.HoldsAsync(async () => (await _client.GetAsync("/")).IsSuccessStatusCode, "config applied");
    }

    private async Task<string> UpstreamFor((string Name, string Value)? header, string? cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        if (header is { } h)
        {
            request.Headers.Add(h.Name, h.Value);
        }

        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }

        using var response = await _client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return response.Headers.GetValues("x-upstream").Single();
    }
}
