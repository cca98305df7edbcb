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

    /// <summary>Valid HTTP/1.1 heads the fast lane relays itself, but which Kestrel + YARP rewrite.</summary>
    private static readonly Dictionary<string, string> Relayed = new()
    {
        ["no-reason.test"] = "HTTP/1.1 200\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello",
        ["custom-reason.test"] = "HTTP/1.1 200 Fine Thanks\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello",
        ["trailers.test"] = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\nTrailer: X-Sum\r\n\r\n5\r\nhello\r\n0\r\nX-Sum: 42\r\n\r\n",
        ["chunk-extension.test"] = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n5;name=value\r\nhello\r\n0\r\n\r\n",
        ["silent.test"] = string.Empty,
        ["truncated.test"] = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\nonly part of the body",
        ["truncated-chunked.test"] = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n",
        ["folded.test"] = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-Spaced:    padded   \r\nContent-Length: 5\r\n\r\nhello",
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

    [Theory]
    [InlineData("no-reason.test")]
    [InlineData("custom-reason.test")]
    [InlineData("trailers.test")]
    [InlineData("chunk-extension.test")]
    [InlineData("folded.test")]
    public async Task Unusual_response_heads_reach_the_client_as_through_yarp(string host)
    {
        var fast = await GetAsync(fixture.Pair.Fast, host);
        var slow = await GetAsync(fixture.Pair.Slow, host);

        Assert.Equal("hello", slow.Text);
        Assert.Equal(slow.StatusLine, fast.StatusLine);
        Assert.Equal(Lines(slow), Lines(fast));
        Assert.Equal(slow.Text, fast.Text);
    }

    [Fact]
    public async Task An_upstream_closing_without_an_answer_is_handed_off_and_answered_as_through_yarp()
    {
        var handoffs = fixture.Pair.FastCounters.HandoffsFor("upstream");

        var fast = await GetAsync(fixture.Pair.Fast, "silent.test");
        var slow = await GetAsync(fixture.Pair.Slow, "silent.test");

        Assert.Equal(slow.Status, fast.Status);
        Assert.Equal(502, fast.Status);
        await fixture.Pair.FastCounters.HandedOffAsync(handoffs, "upstream");
    }

    [Theory]
    [InlineData("truncated.test")]
    [InlineData("truncated-chunked.test")]
    public async Task An_upstream_closing_mid_body_cuts_the_client_connection_as_through_yarp(string host)
    {
        async Task<string> CutAsync(GatewayProgram program)
        {
            await using var connection = await RawHttpConnection.OpenAsync(program.App.HttpPort);
            await connection.SendAsync(Get("/cut", host));
            try
            {
                var response = await connection.ReadResponseAsync();
                return $"complete response {response.Status} '{response.Text}'";
            }
            catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException)
            {
                return "cut";
            }
        }

        Assert.Equal("cut", await CutAsync(fixture.Pair.Slow));
        Assert.Equal("cut", await CutAsync(fixture.Pair.Fast));
    }

    [Fact]
    public async Task A_response_without_a_date_gets_one_as_through_yarp()
    {
        var fast = await GetAsync(fixture.Pair.Fast, "custom-reason.test");
        var slow = await GetAsync(fixture.Pair.Slow, "custom-reason.test");

        Assert.NotNull(slow.Header("Date"));
        Assert.NotNull(fast.Header("Date"));
    }

    /// <summary>Header lines in order of name, without Date (<see cref="A_response_without_a_date_gets_one_as_through_yarp"/> covers it).</summary>
    private static List<string> Lines(RawResponse response) =>
        [.. response.Headers
            .Where(h => !string.Equals(h.Key, "Date", StringComparison.OrdinalIgnoreCase))
            .Select(h => $"{h.Key.ToLowerInvariant()}: {h.Value}")
            .Order(StringComparer.Ordinal)];

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
            foreach (var (host, response) in Responses.Concat(Relayed))
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
