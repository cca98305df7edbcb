using System.Net.WebSockets;
using System.Text;
using Gimbal.Yarp.Tests.Infrastructure;
using static Gimbal.Yarp.Tests.FastLane.LaneGateways;

namespace Gimbal.Yarp.Tests.FastLane;

/// <summary>
/// Requests the fast lane does not serve itself go to Kestrel + YARP with the buffered bytes: the client gets YARP's
/// answer, the handoff is counted with its reason, and the keep-alive connection goes on serving GETs.
/// </summary>
public sealed class FastLaneHandoffTests(FastLaneFixture fixture) : IClassFixture<FastLaneFixture>
{
    private GatewayCounters Counters => fixture.Counters;

    [Fact]
    public async Task A_post_with_a_body_is_handed_off_and_its_body_reaches_the_upstream()
    {
        var before = Counters.HandoffsFor("method", "body");
        await using var connection = await RawHttpConnection.OpenAsync(fixture.Port);

        var response = await connection.ExchangeAsync("POST /orders?id=7 HTTP/1.1\r\nHost: shop.test\r\nContent-Type: text/plain\r\nContent-Length: 11\r\n\r\nhello world");

        Assert.Equal(200, response.Status);
        Assert.Equal("lane POST /orders?id=7 11", response.Text);
        var received = fixture.Upstream.Received.Last(r => r.PathAndQuery == "/orders?id=7");
        Assert.Equal("POST", received.Method);
        Assert.Equal("hello world", received.Body);
        await Counters.HandedOffAsync(before, "method", "body");
        await AssertStillServesAsync(connection);
    }

    [Theory]
    [InlineData("Content-Length: 5\r\n\r\nhello")]
    [InlineData("Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n")]
    public async Task A_get_with_a_body_is_handed_off_with_reason_body(string framingAndBody)
    {
        var before = Counters.HandoffsFor("body");
        await using var connection = await RawHttpConnection.OpenAsync(fixture.Port);

        var response = await connection.ExchangeAsync("GET /with-body HTTP/1.1\r\nHost: shop.test\r\n" + framingAndBody);

        Assert.Equal(200, response.Status);
        Assert.Equal("lane GET /with-body 5", response.Text);
        Assert.Equal("hello", fixture.Upstream.Received.Last(r => r.PathAndQuery == "/with-body").Body);
        await Counters.HandedOffAsync(before, "body");
        await AssertStillServesAsync(connection);
    }

    [Fact]
    public async Task A_websocket_upgrade_is_handed_off_and_echoes()
    {
        var before = Counters.HandoffsFor("upgrade");
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Host", "ws.test");
        using var timeout = new CancellationTokenSource(Eventually.DefaultTimeout);

        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{fixture.Port}/ws"), timeout.Token);
        await socket.SendAsync(Encoding.UTF8.GetBytes("hello"), WebSocketMessageType.Text, true, timeout.Token);
        var buffer = new byte[256];
        var received = await socket.ReceiveAsync(buffer, timeout.Token);

        Assert.Equal("lane:hello", Encoding.UTF8.GetString(buffer, 0, received.Count));
        await Counters.HandedOffAsync(before, "upgrade");
    }

    [Fact]
    public async Task An_http_1_0_request_is_handed_off_with_reason_version()
    {
        var before = Counters.HandoffsFor("version");
        await using var connection = await RawHttpConnection.OpenAsync(fixture.Port);

        var response = await connection.ExchangeAsync("GET /old HTTP/1.0\r\nHost: shop.test\r\nConnection: keep-alive\r\n\r\n");

        Assert.Equal(200, response.Status);
        Assert.Equal("lane GET /old 0", response.Text);
        await Counters.HandedOffAsync(before, "version");
        await AssertStillServesAsync(connection);
    }

    [Theory]
    [InlineData("GET / HTTP/1.1\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: shop.test\r\nHost: other.test\r\n\r\n")]
    public async Task A_request_without_exactly_one_host_gets_400_with_reason_headers(string request)
    {
        var before = Counters.HandoffsFor("headers");
        await using var connection = await RawHttpConnection.OpenAsync(fixture.Port);

        var response = await connection.ExchangeAsync(request);

        Assert.Equal(400, response.Status);
        await Counters.HandedOffAsync(before, "headers");
        Assert.True(await connection.ClosedByPeerAsync(), "Kestrel closes the connection after a 400");
    }

    [Theory]
    [InlineData("/a%2Fb", "lane GET /a%2Fb 0")]
    [InlineData("/a/../b", "lane GET /b 0")]
    [InlineData("/a/./c", "lane GET /a/c 0")]
    [InlineData("/caf%C3%A9", "lane GET /caf%C3%A9 0")]
    public async Task A_target_with_escapes_or_dot_segments_is_handed_off_with_reason_target(string target, string expected)
    {
        var before = Counters.HandoffsFor("target");
        await using var connection = await RawHttpConnection.OpenAsync(fixture.Port);

        var response = await connection.ExchangeAsync(Get(target));

        Assert.Equal(200, response.Status);
        Assert.Equal(expected, response.Text);
        await Counters.HandedOffAsync(before, "target");
        await AssertStillServesAsync(connection);
    }

    [Fact]
    public async Task An_absolute_form_target_is_handed_off_with_reason_target()
    {
        var before = Counters.HandoffsFor("target");
        await using var connection = await RawHttpConnection.OpenAsync(fixture.Port);

        var response = await connection.ExchangeAsync("GET http://shop.test/absolute?x=1 HTTP/1.1\r\nHost: shop.test\r\n\r\n");

        Assert.Equal(200, response.Status);
        Assert.Equal("lane GET /absolute?x=1 0", response.Text);
        await Counters.HandedOffAsync(before, "target");
        await AssertStillServesAsync(connection);
    }

    [Fact]
    public async Task A_request_for_an_unknown_host_gets_404_with_reason_route()
    {
        var before = Counters.HandoffsFor("route");
        await using var connection = await RawHttpConnection.OpenAsync(fixture.Port);

        var response = await connection.ExchangeAsync(Get("/", "nobody.test"));

        Assert.Equal(404, response.Status);
        await Counters.HandedOffAsync(before, "route");
        await AssertStillServesAsync(connection);
    }

    [Fact]
    public async Task A_head_larger_than_16_kib_is_handed_off_and_served()
    {
        var forwarded = Counters.Sum(GatewayCounters.Forwarded);
        var handoffs = Counters.Sum(GatewayCounters.Handoffs);
        await using var connection = await RawHttpConnection.OpenAsync(fixture.Port);

        var response = await connection.ExchangeAsync(Get("/large-head", "shop.test", "X-Large: " + new string('v', 20 * 1024)));

        Assert.Equal(200, response.Status);
        Assert.Equal("lane GET /large-head 0", response.Text);
        Assert.Equal(20 * 1024, fixture.Upstream.Received.Last(r => r.PathAndQuery == "/large-head").Headers["X-Large"].Length);
        await Counters.GrewAsync(handoffs, GatewayCounters.Handoffs);
        Assert.Equal(forwarded, Counters.Sum(GatewayCounters.Forwarded));
        await AssertStillServesAsync(connection);
    }

    /// <summary>Later GETs on the same connection keep working after the handoff.</summary>
    private static async Task AssertStillServesAsync(RawHttpConnection connection)
    {
        for (var i = 0; i < 3; i++)
        {
            var response = await connection.ExchangeAsync(Get($"/after/{i}"));
            Assert.Equal(200, response.Status);
            Assert.Equal($"lane GET /after/{i} 0", response.Text);
        }
    }
}
