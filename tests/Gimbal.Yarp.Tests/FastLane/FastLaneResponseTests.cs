using Gimbal.Yarp.Tests.Infrastructure;
using static Gimbal.Yarp.Tests.FastLane.LaneGateways;

namespace Gimbal.Yarp.Tests.FastLane;

/// <summary>
/// Responses the fast lane relays: status, headers and body as the YARP path relays them, framing kept intact (the
/// same keep-alive connection answers a GET afterwards), and the fast lane really served them.
/// </summary>
public sealed class FastLaneResponseTests(LaneFixture fixture) : IClassFixture<LaneFixture>
{
    [Theory]
    [InlineData("GET", "/headers")]
    [InlineData("GET", "/chunked")]
    [InlineData("GET", "/big")]
    [InlineData("GET", "/big-chunked")]
    [InlineData("HEAD", "/sized")]
    [InlineData("HEAD", "/headers")]
    [InlineData("HEAD", "/chunked")]
    [InlineData("HEAD", "/big")]
    [InlineData("GET", "/status/204")]
    [InlineData("GET", "/status/304")]
    [InlineData("GET", "/status/404")]
    [InlineData("GET", "/status/503")]
    [InlineData("GET", "/hop")]
    [InlineData("GET", "/big-head/20")]
    public async Task Responses_are_relayed_as_the_yarp_path_relays_them(string method, string path)
    {
        var request = Request(method, path, "shop.test");
        var forwarded = fixture.Pair.FastCounters.Sum(GatewayCounters.Forwarded);

        var fast = await ExchangeThenGetAsync(fixture.Pair.Fast, request, method == "HEAD");
        await fixture.Pair.FastCounters.GrewAsync(forwarded, GatewayCounters.Forwarded);
        var slow = await ExchangeThenGetAsync(fixture.Pair.Slow, request, method == "HEAD");

        Assert.Equal(slow.StatusLine, fast.StatusLine);
        Assert.Equal(HeaderLines(slow), HeaderLines(fast));
        Assert.Equal(slow.Body, fast.Body);
    }

    [Fact]
    public async Task A_response_head_larger_than_the_fast_lanes_buffer_is_handed_off_and_answered_as_through_yarp()
    {
        var handoffs = fixture.Pair.FastCounters.HandoffsFor("response");

        var fast = await ExchangeThenGetAsync(fixture.Pair.Fast, Get("/big-head/40"), head: false);
        var slow = await ExchangeThenGetAsync(fixture.Pair.Slow, Get("/big-head/40"), head: false);

        Assert.Equal(200, fast.Status);
        Assert.Equal(HeaderLines(slow), HeaderLines(fast));
        Assert.Equal("big head", fast.Text);
        await fixture.Pair.FastCounters.HandedOffAsync(handoffs, "response");
    }

    [Fact]
    public async Task A_chunked_upstream_response_arrives_chunked_and_intact()
    {
        var response = await FastExchangeAsync(Get("/chunked"));

        Assert.Equal(200, response.Status);
        Assert.True(response.Chunked);
        Assert.Null(response.Header("Content-Length"));
        Assert.Equal(LaneUpstream.ChunkedBody, response.Text);
    }

    [Theory]
    [InlineData("/big")]
    [InlineData("/big-chunked")]
    public async Task A_two_mebibyte_body_arrives_byte_for_byte(string path)
    {
        var response = await FastExchangeAsync(Get(path));

        Assert.Equal(200, response.Status);
        Assert.Equal(LaneUpstream.BigLength, response.Body.Length);
        var firstWrong = Enumerable.Range(0, response.Body.Length).FirstOrDefault(i => response.Body[i] != LaneUpstream.Pattern(i), -1);
        Assert.Equal(-1, firstWrong);
    }

    [Fact]
    public async Task Head_keeps_the_content_length_and_sends_no_body()
    {
        var response = await FastExchangeAsync(Request("HEAD", "/sized", "shop.test"), head: true);

        Assert.Equal(200, response.Status);
        Assert.Equal("42", response.Header("Content-Length"));
        Assert.Empty(response.Body);
    }

    [Theory]
    [InlineData(204)]
    [InlineData(304)]
    public async Task Bodiless_statuses_are_relayed_without_a_body(int status)
    {
        var response = await FastExchangeAsync(Get($"/status/{status}"));

        Assert.Equal(status, response.Status);
        Assert.Equal("\"v1\"", response.Header("ETag"));
        Assert.Equal("lane", response.Header("x-upstream"));
        Assert.Null(response.Header("Transfer-Encoding"));
    }

    [Fact]
    public async Task Repeated_and_custom_response_headers_are_relayed()
    {
        var response = await FastExchangeAsync(Get("/headers"));

        Assert.Equal(201, response.Status);
        Assert.Equal(["a=1; Path=/", "b=2; Path=/; HttpOnly"], response.Values("Set-Cookie"));
        Assert.Equal("one, two", response.Header("X-Custom"));
        Assert.Equal("no-store", response.Header("Cache-Control"));
        Assert.Equal("created", response.Text);
    }

    /// <summary>Sends <paramref name="request"/> to the fast-lane gateway, checks the same connection still answers a GET, and that the fast lane served both.</summary>
    private async Task<RawResponse> FastExchangeAsync(string request, bool head = false)
    {
        var forwarded = fixture.Pair.FastCounters.Sum(GatewayCounters.Forwarded);
        var response = await ExchangeThenGetAsync(fixture.Pair.Fast, request, head);
        await Eventually.HoldsAsync(() => Task.FromResult(fixture.Pair.FastCounters.Sum(GatewayCounters.Forwarded) >= forwarded + 2), "both requests served by the fast lane");
        return response;
    }

    private static async Task<RawResponse> ExchangeThenGetAsync(GatewayProgram program, string request, bool head)
    {
        await using var connection = await RawHttpConnection.OpenAsync(program.App.HttpPort);
        var response = await connection.ExchangeAsync(request, head);
        var after = await connection.ExchangeAsync(Get("/after"));
        Assert.Equal(200, after.Status);
        Assert.Equal("lane GET /after 0", after.Text);
        return response;
    }

    /// <summary>Header lines in order of name, Date without its value (the two gateways answer at different times).</summary>
    private static List<string> HeaderLines(RawResponse response) =>
        [.. response.Headers
            .Select(h => string.Equals(h.Key, "Date", StringComparison.OrdinalIgnoreCase) ? "date" : $"{h.Key.ToLowerInvariant()}: {h.Value}")
            .Order(StringComparer.Ordinal)];
}
