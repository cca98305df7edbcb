using Gimbal.Yarp.Tests.Infrastructure;
using static Gimbal.Yarp.Tests.FastLane.LaneGateways;

namespace Gimbal.Yarp.Tests.FastLane;

/// <summary>
/// Upstream response heads the fast lane does not relay itself (HTTP/1.0, 1xx, a body delimited by the close) are
/// handed off before any byte reached the client: YARP replays the request and the client gets YARP's answer.
/// </summary>
public sealed class FastLaneUnrelayedResponseTests(FastLaneUnrelayedResponseTests.Fixture fixture) : IClassFixture<FastLaneUnrelayedResponseTests.Fixture>
{
    private static readonly Dictionary<string, string> Responses = new()
    {
        ["http10.test"] = "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello",
        ["close-delimited.test"] = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nhello",
        ["early-hints.test"] = "HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\nHTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello",
    };

    [Theory]
    [InlineData("http10.test")]
    [InlineData("close-delimited.test")]
    [InlineData("early-hints.test")]
    public async Task The_client_gets_the_answer_yarp_gives(string host)
    {
        var handoffs = fixture.Pair.FastCounters.HandoffsFor("response");

        var fast = await GetAsync(fixture.Pair.Fast, host);
        var slow = await GetAsync(fixture.Pair.Slow, host);

        Assert.Equal(200, slow.Status);
        Assert.Equal(slow.Status, fast.Status);
        Assert.Equal("hello", fast.Text);
        Assert.Equal(slow.Header("Content-Type"), fast.Header("Content-Type"));
        await fixture.Pair.FastCounters.HandedOffAsync(handoffs, "response");
    }

    private static async Task<RawResponse> GetAsync(GatewayProgram program, string host)
    {
        await using var connection = await RawHttpConnection.OpenAsync(program.App.HttpPort);
        return await connection.ExchangeAsync(Get("/odd", host));
    }

    public sealed class Fixture : IAsyncLifetime
    {
        private readonly List<RawUpstream> _upstreams = [];
        private LaneUpstream _ready = null!;

        public GatewayPair Pair { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            _ready = await LaneUpstream.StartAsync("lane");
            var manifests = LoopbackManifests.Service("team-a", "lane", _ready.Port) + LoopbackManifests.Ingress("team-a", "shop", "shop.test", "lane");
            foreach (var (host, response) in Responses)
            {
                var upstream = RawUpstream.Start(response);
                _upstreams.Add(upstream);
                var name = host.Split('.')[0];
                manifests += LoopbackManifests.Service("team-a", name, upstream.Port) + LoopbackManifests.Ingress("team-a", name, host, name);
            }

            Pair = await GatewayPair.StartAsync(manifests);
        }

        public async Task DisposeAsync()
        {
            await Pair.DisposeAsync();
            foreach (var upstream in _upstreams)
            {
                await upstream.DisposeAsync();
            }

            await _ready.DisposeAsync();
        }
    }
}
