using Gimbal.Yarp.Tests.Infrastructure;
using static Gimbal.Yarp.Tests.FastLane.LaneGateways;

namespace Gimbal.Yarp.Tests.FastLane;

/// <summary>
/// A request the fast lane serves reaches the upstream exactly as the YARP path sends it: same method, target and
/// header set (order aside), and the fast lane really served it.
/// </summary>
public sealed class FastLaneRequestEquivalenceTests(LaneFixture fixture) : IClassFixture<LaneFixture>
{
    // Not Trailer: YARP forwards a request's Trailer header (meaningless without a body); Uncommon_request_headers covers it.
    private static readonly string[] HopByHop = ["Connection", "Keep-Alive", "Proxy-Connection", "TE", "Upgrade", "Transfer-Encoding"];

    [Fact]
    public async Task A_get_reaches_the_upstream_with_the_headers_the_yarp_path_sends()
    {
        var request = Get(
            "/items/42?color=red&size=10",
            "shop.test",
            "User-Agent: lane-test/1.0",
            "Accept: text/plain, */*;q=0.8",
            "Accept-Language: en",
            "Authorization: Bearer abc",
            "Cookie: a=1; b=2",
            "X-Forwarded-For: 203.0.113.7",
            "X-Forwarded-Proto: https",
            "X-Custom: one",
            "Connection: keep-alive",
            "Keep-Alive: timeout=5",
            "Proxy-Connection: keep-alive",
            "TE: trailers");

        var (fast, slow) = await ForwardThroughBothAsync(request);

        Assert.Equal(slow.Method, fast.Method);
        Assert.Equal(slow.PathAndQuery, fast.PathAndQuery);
        Assert.Equal(Normalized(slow.Headers), Normalized(fast.Headers));

        Assert.Equal("GET", fast.Method);
        Assert.Equal("/items/42?color=red&size=10", fast.PathAndQuery);
        Assert.Equal("shop.test", fast.Host);
        Assert.Equal("203.0.113.7,127.0.0.1", ListValue(fast.Headers["X-Forwarded-For"]));
        Assert.Equal("http", fast.Headers["X-Forwarded-Proto"]);
        Assert.All(HopByHop, h => Assert.False(fast.Headers.ContainsKey(h), $"{h} reached the upstream"));
        Assert.Equal("one", fast.Headers["X-Custom"]);
        Assert.Equal("a=1; b=2", fast.Headers["Cookie"]);
        Assert.Equal("Bearer abc", fast.Headers["Authorization"]);
        Assert.Equal("lane-test/1.0", fast.Headers["User-Agent"]);
    }

    [Fact]
    public async Task A_get_without_forwarding_headers_gets_them_as_through_yarp()
    {
        var (fast, slow) = await ForwardThroughBothAsync(Get("/plain"));

        Assert.Equal(Normalized(slow.Headers), Normalized(fast.Headers));
        Assert.Equal("127.0.0.1", fast.Headers["X-Forwarded-For"]);
        Assert.Equal("http", fast.Headers["X-Forwarded-Proto"]);
    }

    [Fact]
    public async Task Uncommon_request_headers_reach_the_upstream_as_through_yarp()
    {
        var request = Get(
            "/uncommon",
            "shop.test",
            "Proxy-Authorization: Basic dXNlcjpwYXNz",
            "Close: yes",
            "ALPN: h2",
            "Security-Scheme: x",
            "Proxy-Features: none",
            "Trailer: X-Checksum",
            "Connection: keep-alive, X-Listed",
            "X-Listed: listed in Connection",
            "X-Dup: a",
            "X-Dup: b",
            "X-Spaced:    padded value   ",
            "x-lower-case: kept");

        var (fast, slow) = await ForwardThroughBothAsync(request);

        Assert.Equal(Normalized(slow.Headers), Normalized(fast.Headers));
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/search?q=a%20b&empty=&flag")]
    [InlineData("/a/b;v=1/c.txt")]
    [InlineData("/~user/_x-y.z/")]
    [InlineData("/deep/path/with/many/segments?x=1&x=2")]
    public async Task Targets_reach_the_upstream_unchanged(string target)
    {
        var (fast, slow) = await ForwardThroughBothAsync(Get(target));

        Assert.Equal(target, fast.PathAndQuery);
        Assert.Equal(slow.PathAndQuery, fast.PathAndQuery);
    }

    [Theory]
    [InlineData("/q?a=\"quoted\"")]
    [InlineData("/q?a=<b>")]
    [InlineData("/q?a={1}")]
    [InlineData("/q?a|b")]
    [InlineData("/q?a\\b")]
    [InlineData("/q?a^b")]
    [InlineData("/q?a`b")]
    [InlineData("/q?a[0]=1")]
    [InlineData("/q?a=%7e&b=%41")]
    [InlineData("/q?a=%")]
    [InlineData("/q??x")]
    [InlineData("/!$&'()*+,;=:@/p")]
    [InlineData("//double//slash")]
    public async Task Unusual_targets_reach_the_upstream_as_through_yarp(string target)
    {
        async Task<(int Status, string? Target)> GetAsync(GatewayProgram program)
        {
            var seen = fixture.Upstream.Received.Count;
            await using var connection = await RawHttpConnection.OpenAsync(program.App.HttpPort);
            var response = await connection.ExchangeAsync(Get(target));
            return (response.Status, fixture.Upstream.Received.Count > seen ? fixture.Upstream.Received.Last().PathAndQuery : null);
        }

        Assert.Equal(await GetAsync(fixture.Pair.Slow), await GetAsync(fixture.Pair.Fast));
    }

    [Theory]
    [InlineData("shop.test:abc")]
    [InlineData("shop.test:99999")]
    [InlineData("shop.test:")]
    [InlineData("shop.test::80")]
    [InlineData("[::1")]
    [InlineData(":80")]
    [InlineData("shop..test")]
    [InlineData("shop.test:80:80")]
    public async Task Malformed_hosts_are_answered_as_through_yarp(string host)
    {
        Assert.Equal(await StatusAsync(fixture.Pair.Slow, Get("/bad-host", host)), await StatusAsync(fixture.Pair.Fast, Get("/bad-host", host)));
    }

    [Theory]
    [InlineData(8000)]
    [InlineData(9000)]
    [InlineData(15000)]
    public async Task Long_request_lines_are_answered_as_through_yarp(int pathLength)
    {
        var request = Get("/" + new string('p', pathLength - 1));

        Assert.Equal(await StatusAsync(fixture.Pair.Slow, request), await StatusAsync(fixture.Pair.Fast, request));
    }

    [Theory]
    [InlineData(99)]
    [InlineData(100)]
    [InlineData(101)]
    public async Task Many_headers_are_answered_as_through_yarp(int count)
    {
        var request = Get("/many-headers", "shop.test", [.. Enumerable.Range(1, count - 1).Select(i => $"X-H{i}: {i}")]);

        Assert.Equal(await StatusAsync(fixture.Pair.Slow, request), await StatusAsync(fixture.Pair.Fast, request));
    }

    [Theory]
    [InlineData("X-Forwarded-For: 203.0.113.7|X-Forwarded-For: 198.51.100.2")]
    [InlineData("X-Forwarded-For: 203.0.113.7 ,  198.51.100.2")]
    [InlineData("X-Forwarded-Proto: https|X-Forwarded-Proto: ws")]
    [InlineData("Content-Length: 0")]
    public async Task Forwarding_and_framing_headers_reach_the_upstream_as_through_yarp(string headers)
    {
        var (fast, slow) = await ForwardThroughBothAsync(Get("/forwarding", "shop.test", headers.Split('|')));

        Assert.Equal(Normalized(slow.Headers), Normalized(fast.Headers));
    }

    private static async Task<int> StatusAsync(GatewayProgram program, string request)
    {
        await using var connection = await RawHttpConnection.OpenAsync(program.App.HttpPort);
        return (await connection.ExchangeAsync(request)).Status;
    }

    [Fact]
    public async Task A_head_request_stays_a_head_request()
    {
        var (fast, slow) = await ForwardThroughBothAsync(Request("HEAD", "/sized", "shop.test"), head: true);

        Assert.Equal("HEAD", fast.Method);
        Assert.Equal(Normalized(slow.Headers), Normalized(fast.Headers));
    }

    [Fact]
    public async Task A_head_of_twelve_kib_is_served_by_the_fast_lane_intact()
    {
        var value = string.Concat(Enumerable.Range(0, 12 * 1024 / 16).Select(i => $"{i:x15}-"));

        var (fast, slow) = await ForwardThroughBothAsync(Get("/twelve-kib", "shop.test", "X-Large: " + value, "X-After: still here"));

        Assert.Equal(value, fast.Headers["X-Large"]);
        Assert.Equal("still here", fast.Headers["X-After"]);
        Assert.Equal(Normalized(slow.Headers), Normalized(fast.Headers));
    }

    [Theory]
    [InlineData("SHOP.Test")]
    [InlineData("shop.test:80")]
    [InlineData("shop.test:8080")]
    [InlineData("shop.test.")]
    [InlineData("xshop.test")]
    [InlineData("ws.test")]
    public async Task Hosts_match_the_same_route_as_in_the_yarp_path(string host)
    {
        async Task<(int Status, string? Host)> GetAsync(GatewayProgram program)
        {
            var seen = fixture.Upstream.Received.Count;
            await using var connection = await RawHttpConnection.OpenAsync(program.App.HttpPort);
            var response = await connection.ExchangeAsync(Get("/host-match", host));
            return (response.Status, fixture.Upstream.Received.Count > seen ? fixture.Upstream.Received.Last().Host : null);
        }

        Assert.Equal(await GetAsync(fixture.Pair.Slow), await GetAsync(fixture.Pair.Fast));
    }

    [Theory]
    [InlineData("/counted", 200)]
    [InlineData("/status/503", 503)]
    [InlineData("/status/404", 404)]
    public async Task Served_requests_are_counted_with_the_same_route_cluster_and_code(string path, int code)
    {
        var pair = fixture.Pair;
        var tags = new[] { ("route", "shop.test#0"), ("cluster", "team-a/lane/80"), ("code", code.ToString(System.Globalization.CultureInfo.InvariantCulture)) };
        var fastBefore = pair.FastCounters.Sum(GatewayCounters.Requests, tags);
        var slowBefore = pair.SlowCounters.Sum(GatewayCounters.Requests, tags);

        await ForwardThroughBothAsync(Get(path), status: code);

        await pair.SlowCounters.GrewAsync(slowBefore, GatewayCounters.Requests, tags);
        await pair.FastCounters.GrewAsync(fastBefore, GatewayCounters.Requests, tags);
        Assert.Equal(fastBefore + 1, pair.FastCounters.Sum(GatewayCounters.Requests, tags));
    }

    [Fact]
    public async Task A_request_arriving_byte_by_byte_is_served_by_the_fast_lane()
    {
        var forwarded = fixture.Pair.FastCounters.Sum(GatewayCounters.Forwarded);
        await using var connection = await RawHttpConnection.OpenAsync(fixture.Pair.Fast.App.HttpPort);

        foreach (var b in System.Text.Encoding.ASCII.GetBytes(Get("/byte-by-byte?q=1", "shop.test", "X-Slow: yes")))
        {
            await connection.SendAsync(new[] { b });
        }

        var response = await connection.ReadResponseAsync();
        Assert.Equal("lane GET /byte-by-byte?q=1 0", response.Text);
        Assert.Equal("yes", fixture.Upstream.Received.Last().Headers["X-Slow"]);
        await fixture.Pair.FastCounters.GrewAsync(forwarded, GatewayCounters.Forwarded);
    }

    [Fact]
    public async Task Connection_close_from_the_client_is_answered_then_the_connection_closes_as_through_yarp()
    {
        var forwarded = fixture.Pair.FastCounters.Sum(GatewayCounters.Forwarded);

        async Task<(RawResponse Response, bool Closed)> GetAsync(GatewayProgram program)
        {
            await using var connection = await RawHttpConnection.OpenAsync(program.App.HttpPort);
            var response = await connection.ExchangeAsync(Get("/closing", "shop.test", "Connection: close"));
            return (response, await connection.ClosedByPeerAsync());
        }

        var fast = await GetAsync(fixture.Pair.Fast);
        var slow = await GetAsync(fixture.Pair.Slow);

        Assert.True(fast.Closed, "the fast-lane gateway kept the connection open after Connection: close");
        Assert.Equal(slow.Response.Status, fast.Response.Status);
        Assert.Equal(slow.Response.Text, fast.Response.Text);
        Assert.Equal(slow.Response.Header("Connection"), fast.Response.Header("Connection"));
        Assert.False(fixture.Upstream.Received.Last().Headers.ContainsKey("Connection"));
        await fixture.Pair.FastCounters.GrewAsync(forwarded, GatewayCounters.Forwarded);
    }

    /// <summary>Sends <paramref name="request"/> on a new connection to each gateway and returns what the upstream received from each.</summary>
    private async Task<(ReceivedRequest Fast, ReceivedRequest Slow)> ForwardThroughBothAsync(string request, bool head = false, int status = 200)
    {
        var pair = fixture.Pair;
        var forwarded = pair.FastCounters.Sum(GatewayCounters.Forwarded);
        var fast = await ForwardAsync(pair.Fast, request, head, status);
        await pair.FastCounters.GrewAsync(forwarded, GatewayCounters.Forwarded);
        var slow = await ForwardAsync(pair.Slow, request, head, status);
        Assert.Equal(0, pair.SlowCounters.Sum(GatewayCounters.Forwarded));
        return (fast, slow);
    }

    private async Task<ReceivedRequest> ForwardAsync(GatewayProgram program, string request, bool head, int status)
    {
        var seen = fixture.Upstream.Received.Count;
        await using var connection = await RawHttpConnection.OpenAsync(program.App.HttpPort);
        var response = await connection.ExchangeAsync(request, head);
        Assert.Equal(status, response.Status);
        Assert.Equal(seen + 1, fixture.Upstream.Received.Count);
        return fixture.Upstream.Received.Last();
    }

    /// <summary>"name: value" lines, names lower-cased and list values without the blanks around commas (both spellings are the same list).</summary>
    private static List<string> Normalized(IReadOnlyDictionary<string, string> headers) =>
        [.. headers.Select(h => $"{h.Key.ToLowerInvariant()}: {ListValue(h.Value)}").Order(StringComparer.Ordinal)];

    private static string ListValue(string value) => string.Join(',', value.Split(',').Select(v => v.Trim()));
}
