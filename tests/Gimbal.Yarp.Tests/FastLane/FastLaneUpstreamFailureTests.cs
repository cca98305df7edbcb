using System.Net;
using System.Net.Sockets;
using Gimbal.Yarp.Tests.Infrastructure;
using static Gimbal.Yarp.Tests.FastLane.LaneGateways;

namespace Gimbal.Yarp.Tests.FastLane;

/// <summary>Upstreams that close, refuse or get abandoned mid-response: the fast lane's clients see what YARP's would.</summary>
public sealed class FastLaneUpstreamFailureTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_upstream_closing_its_connection_after_every_response_serves_200_sequential_gets(bool announced)
    {
        await using var ready = await LaneUpstream.StartAsync("ready");
        await using var upstream = RawUpstream.Closing(announced);
        await using var program = await StartAsync(
            LoopbackManifests.Service("team-a", "closing", upstream.Port) + LoopbackManifests.Service("team-a", "lane", ready.Port)
            + LoopbackManifests.Ingress("team-a", "closing", "closing.test", "closing") + LoopbackManifests.Ingress("team-a", "shop", "shop.test", "lane"),
            fastLane: true);
        using var counters = new GatewayCounters(program);

        // Half on one keep-alive connection, half on a new connection each, so every one of those meets the fast lane first.
        await using (var connection = await RawHttpConnection.OpenAsync(program.App.HttpPort))
        {
            for (var i = 0; i < 100; i++)
            {
                AssertClosingAnswer(await connection.ExchangeAsync(Get($"/kept/{i}", "closing.test")), i);
            }
        }

        for (var i = 0; i < 100; i++)
        {
            await using var connection = await RawHttpConnection.OpenAsync(program.App.HttpPort);
            AssertClosingAnswer(await connection.ExchangeAsync(Get($"/fresh/{i}", "closing.test")), i);
        }

        Assert.True(counters.Sum(GatewayCounters.Forwarded) > 0, $"the fast lane served none (handoffs: {counters.HandoffReasons()})");
        Assert.True(upstream.Requests >= 200);
    }

    [Fact]
    public async Task A_refusing_upstream_gets_the_client_the_same_status_as_through_yarp()
    {
        await using var ready = await LaneUpstream.StartAsync("ready");
        var manifests = LoopbackManifests.Service("team-a", "refusing", ClosedPort()) + LoopbackManifests.Service("team-a", "lane", ready.Port)
            + LoopbackManifests.Ingress("team-a", "refusing", "refusing.test", "refusing") + LoopbackManifests.Ingress("team-a", "shop", "shop.test", "lane");
        await using var pair = await GatewayPair.StartAsync(manifests);
        var handoffs = pair.FastCounters.Sum(GatewayCounters.Handoffs);

        var fast = await StatusesAsync(pair.Fast);
        var slow = await StatusesAsync(pair.Slow);

        Assert.Equal(slow, fast);
        Assert.All(slow, s => Assert.True(s >= 500, $"YARP answered {s}"));
        await pair.FastCounters.GrewAsync(handoffs, GatewayCounters.Handoffs);
    }

    [Fact]
    public async Task A_client_leaving_in_the_middle_of_a_large_response_does_not_disturb_other_clients()
    {
        await using var upstream = await LaneUpstream.StartAsync("lane");
        await using var program = await StartAsync(Manifests(upstream.Port), fastLane: true);
        using var counters = new GatewayCounters(program);
        using var stop = new CancellationTokenSource();
        var served = new int[4];
        var others = Enumerable.Range(0, served.Length).Select(w => Task.Run(async () =>
        {
            await using var connection = await RawHttpConnection.OpenAsync(program.App.HttpPort);
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var response = await connection.ExchangeAsync(Get($"/steady/{w}/{i}"));
                Assert.Equal(200, response.Status);
                Assert.Equal($"lane GET /steady/{w}/{i} 0", response.Text);
                Interlocked.Increment(ref served[w]);
            }
        })).ToArray();
        var forwarded = counters.Sum(GatewayCounters.Forwarded);

        for (var round = 0; round < 3; round++)
        {
            var leaver = await RawHttpConnection.OpenAsync(program.App.HttpPort);
            try
            {
                await leaver.SendAsync(Get("/huge"));
                var (_, status, headers) = await leaver.ReadHeadAsync();
                Assert.Equal(200, status);
                Assert.Contains(headers, h => h.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) && h.Value == $"{LaneUpstream.HugeLength}");
                var start = await leaver.ReadBytesAsync(1024 * 1024);
                Assert.Equal(-1, Enumerable.Range(0, start.Length).FirstOrDefault(i => start[i] != LaneUpstream.Pattern(i), -1));
            }
            finally
            {
                leaver.Abort();
            }
        }

        var afterAborts = served.ToArray();
        await Eventually.HoldsAsync(
            () => Task.FromResult(others.Any(o => o.IsFaulted) || served.Select((n, w) => n - afterAborts[w]).All(n => n >= 20)),
            "every other client served 20 more requests after the aborts");
        await stop.CancelAsync();
        await Task.WhenAll(others);
        await counters.GrewAsync(forwarded, GatewayCounters.Forwarded);

        await using var later = await RawHttpConnection.OpenAsync(program.App.HttpPort);
        for (var i = 0; i < 20; i++)
        {
            var response = await later.ExchangeAsync(Get(i % 5 == 0 ? "/big" : $"/later/{i}"));
            Assert.Equal(200, response.Status);
            if (i % 5 == 0)
            {
                Assert.Equal(LaneUpstream.BigLength, response.Body.Length);
            }
            else
            {
                Assert.Equal($"lane GET /later/{i} 0", response.Text);
            }
        }
    }

    private static void AssertClosingAnswer(RawResponse response, int i)
    {
        Assert.True(response.Status == 200, $"request {i}: {response.Status} {response.Text}");
        Assert.Equal("closing", response.Text);
    }

    /// <summary>Three GETs to refusing.test, each on its own connection.</summary>
    private static async Task<int[]> StatusesAsync(GatewayProgram program)
    {
        var statuses = new int[3];
        for (var i = 0; i < statuses.Length; i++)
        {
            await using var connection = await RawHttpConnection.OpenAsync(program.App.HttpPort);
            statuses[i] = (await connection.ExchangeAsync(Get($"/refused/{i}", "refusing.test"))).Status;
        }

        return statuses;
    }

    /// <summary>A loopback port nothing listens on (bound by the system, then released).</summary>
    private static int ClosedPort()
    {
        using var listener = new Socket(SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)listener.LocalEndPoint!).Port;
    }
}
