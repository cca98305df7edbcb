using Gimbal.Core.Routing;
using Gimbal.Yarp.Tests.Infrastructure;
using static Gimbal.Yarp.Tests.Infrastructure.Tables;

namespace Gimbal.Yarp.Tests.LoadBalancing;

public sealed class WeightedSplitTests : IAsyncLifetime
{
    private Upstream _stable = null!;
    private Upstream _canary1 = null!;
    private Upstream _canary2 = null!;
    private TestGateway _gateway = null!;

    public async Task InitializeAsync()
    {
        _stable = await Upstream.StartAsync("stable");
        _canary1 = await Upstream.StartAsync("canary");
        _canary2 = await Upstream.StartAsync("canary");
        _gateway = await TestGateway.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _stable.DisposeAsync();
        await _canary1.DisposeAsync();
        await _canary2.DisposeAsync();
    }

    [Fact]
    public async Task A_90_10_split_sends_90_percent_within_2_points_over_10000_requests()
    {
        _gateway.Apply(
            Table([Host("*", Forward(PathMatchKind.Prefix, "/", ("stable", 90), ("canary", 10)))], [Cluster("stable"), Cluster("canary")]),
            EndpointTable(Endpoints("stable", _stable), Endpoints("canary", _canary1, _canary2)));
        using var client = _gateway.CreateClient();
        await Eventually.HoldsAsync(async () => (await client.GetAsync("/")).IsSuccessStatusCode, "split applied");

        var counts = new Dictionary<string, int>();
        const int total = 10_000;
        var gate = new SemaphoreSlim(32);
        var tasks = Enumerable.Range(0, total).Select(async _ =>
        {
            await gate.WaitAsync();
            try
            {
                using var response = await client.GetAsync("/");
                response.EnsureSuccessStatusCode();
                return response.Headers.GetValues("x-upstream").Single();
            }
            finally
            {
                gate.Release();
            }
        });
        foreach (var upstream in await Task.WhenAll(tasks))
        {
            counts[upstream] = counts.GetValueOrDefault(upstream) + 1;
        }

        var stableShare = counts.GetValueOrDefault("stable") / (double)total;
        Assert.InRange(stableShare, 0.88, 0.92);
        Assert.Equal(total, counts.GetValueOrDefault("stable") + counts.GetValueOrDefault("canary"));

        // Within the canary member its own strategy (round robin) spreads the share over both endpoints.
        Assert.True(_canary1.Requests > 0 && _canary2.Requests > 0, $"canary endpoints got {_canary1.Requests} and {_canary2.Requests}");
    }

    [Fact]
    public async Task A_member_without_endpoints_gives_its_share_to_the_others()
    {
        _gateway.Apply(
            Table([Host("*", Forward(PathMatchKind.Prefix, "/", ("stable", 50), ("canary", 50)))], [Cluster("stable"), Cluster("canary")]),
            EndpointTable(Endpoints("stable", _stable), Endpoints("canary", Array.Empty<int>())));
        using var client = _gateway.CreateClient();
        await Eventually.HoldsAsync(async () => (await client.GetAsync("/")).IsSuccessStatusCode, "split applied");
        for (var i = 0; i < 50; i++)
        {
            using var response = await client.GetAsync("/");
            Assert.Equal("stable", response.Headers.GetValues("x-upstream").Single());
        }
    }
}
