using Gimbal.Yarp.Tests.Infrastructure;
using static Gimbal.Yarp.Tests.FastLane.LaneGateways;

namespace Gimbal.Yarp.Tests.FastLane;

/// <summary>Requests written back to back in one send get their responses in order, whoever serves each.</summary>
public sealed class FastLanePipeliningTests(FastLaneFixture fixture) : IClassFixture<FastLaneFixture>
{
    [Fact]
    public async Task Two_pipelined_gets_get_two_responses_in_order()
    {
        var forwarded = fixture.Counters.Sum(GatewayCounters.Forwarded);
        await using var connection = await RawHttpConnection.OpenAsync(fixture.Port);

        await connection.SendAsync(Get("/first") + Get("/second"));

        Assert.Equal("lane GET /first 0", (await connection.ReadResponseAsync()).Text);
        Assert.Equal("lane GET /second 0", (await connection.ReadResponseAsync()).Text);
        await Eventually.HoldsAsync(() => Task.FromResult(fixture.Counters.Sum(GatewayCounters.Forwarded) >= forwarded + 2), "both served by the fast lane");
    }

    [Fact]
    public async Task More_pipelined_requests_than_the_fast_lanes_buffer_holds_are_all_served_by_it_in_order()
    {
        var forwarded = fixture.Counters.Sum(GatewayCounters.Forwarded);
        await using var connection = await RawHttpConnection.OpenAsync(fixture.Port);
        var padding = "x-padding: " + new string('p', 300);
        var requests = Enumerable.Range(0, 80).Select(i => Get($"/many/{i}", "shop.test", padding)).ToList();
        Assert.True(requests.Sum(r => r.Length) > 16384 * 1.5, "the pipeline is larger than the fast lane's 16 KiB buffer");

        await connection.SendAsync(string.Concat(requests));

        for (var i = 0; i < requests.Count; i++)
        {
            Assert.Equal($"lane GET /many/{i} 0", (await connection.ReadResponseAsync()).Text);
        }

        await Eventually.HoldsAsync(
            () => Task.FromResult(fixture.Counters.Sum(GatewayCounters.Forwarded) >= forwarded + requests.Count), "all of them served by the fast lane");
    }

    [Fact]
    public async Task Pipelined_gets_heads_and_large_bodies_keep_their_framing()
    {
        await using var connection = await RawHttpConnection.OpenAsync(fixture.Port);

        await connection.SendAsync(
            Get("/one") + Request("HEAD", "/sized", "shop.test") + Get("/chunked") + Get("/status/204") + Get("/big") + Get("/status/304") + Get("/two"));

        Assert.Equal("lane GET /one 0", (await connection.ReadResponseAsync()).Text);
        var head = await connection.ReadResponseAsync(head: true);
        Assert.Equal("42", head.Header("Content-Length"));
        Assert.Equal(LaneUpstream.ChunkedBody, (await connection.ReadResponseAsync()).Text);
        Assert.Equal(204, (await connection.ReadResponseAsync()).Status);
        Assert.Equal(LaneUpstream.BigLength, (await connection.ReadResponseAsync()).Body.Length);
        Assert.Equal(304, (await connection.ReadResponseAsync()).Status);
        Assert.Equal("lane GET /two 0", (await connection.ReadResponseAsync()).Text);
    }

    [Fact]
    public async Task A_handoff_in_the_middle_of_a_pipeline_keeps_the_order_and_the_body()
    {
        await using var connection = await RawHttpConnection.OpenAsync(fixture.Port);

        await connection.SendAsync(
            Get("/before") +
            "POST /pipelined-post HTTP/1.1\r\nHost: shop.test\r\nContent-Length: 4\r\n\r\nbody" +
            Get("/", "nobody.test") +
            Get("/after"));

        Assert.Equal("lane GET /before 0", (await connection.ReadResponseAsync()).Text);
        Assert.Equal("lane POST /pipelined-post 4", (await connection.ReadResponseAsync()).Text);
        Assert.Equal(404, (await connection.ReadResponseAsync()).Status);
        Assert.Equal("lane GET /after 0", (await connection.ReadResponseAsync()).Text);
        Assert.Equal("body", fixture.Upstream.Received.Last(r => r.PathAndQuery == "/pipelined-post").Body);
    }

    [Fact]
    public async Task A_pipeline_split_across_sends_mid_request_is_served_in_order()
    {
        await using var connection = await RawHttpConnection.OpenAsync(fixture.Port);
        var bytes = Get("/split-one") + Get("/split-two") + Get("/split-three");
        var cut = bytes.IndexOf("/split-two", StringComparison.Ordinal) + 4;

        await connection.SendAsync(bytes[..cut]);
        Assert.Equal("lane GET /split-one 0", (await connection.ReadResponseAsync()).Text);
        await connection.SendAsync(bytes[cut..]);

        Assert.Equal("lane GET /split-two 0", (await connection.ReadResponseAsync()).Text);
        Assert.Equal("lane GET /split-three 0", (await connection.ReadResponseAsync()).Text);
    }

    [Fact]
    public async Task The_rest_of_a_pipelined_request_arriving_while_the_one_before_is_forwarded_is_served()
    {
        await using var connection = await RawHttpConnection.OpenAsync(fixture.Port);
        var second = Get("/after-hold");
        var cut = second.Length / 2;

        await connection.SendAsync(Get("/hold/pipeline") + second[..cut]);
        await Eventually.HoldsAsync(() => Task.FromResult(fixture.Upstream.Received.Any(r => r.PathAndQuery == "/hold/pipeline")), "the first request is at the upstream");
        await connection.SendAsync(second[cut..]);
        fixture.Upstream.Release("pipeline");

        Assert.Equal("held pipeline", (await connection.ReadResponseAsync()).Text);
        Assert.Equal("lane GET /after-hold 0", (await connection.ReadResponseAsync()).Text);
    }

    [Fact]
    public async Task Pipelined_requests_beyond_the_fast_lanes_buffer_are_all_answered_in_order()
    {
        const int count = 200;
        var padding = "X-Padding: " + new string('p', 150);
        await using var connection = await RawHttpConnection.OpenAsync(fixture.Port);

        await connection.SendAsync(string.Concat(Enumerable.Range(0, count).Select(i => Get($"/many/{i}", "shop.test", padding))));

        for (var i = 0; i < count; i++)
        {
            Assert.Equal($"lane GET /many/{i} 0", (await connection.ReadResponseAsync()).Text);
        }
    }
}
