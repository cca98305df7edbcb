using Gimbal.Yarp.Tests.Infrastructure;
using static Gimbal.Yarp.Tests.FastLane.LaneGateways;

namespace Gimbal.Yarp.Tests.FastLane;

/// <summary>Client connection life cycle on the fast lane, compared with Kestrel + YARP: half-closes and clients leaving early.</summary>
public sealed class FastLaneConnectionTests(LaneFixture fixture) : IClassFixture<LaneFixture>
{
    [Fact]
    public async Task A_client_that_half_closes_after_its_request_does_not_keep_the_connection_open()
    {
        // Kestrel answers or not depending on when it sees the end of the stream, but always closes: both lanes must close.
        async Task<(string Answer, bool Closed)> HalfCloseAsync(GatewayProgram program)
        {
            await using var connection = await RawHttpConnection.OpenAsync(program.App.HttpPort);
            await connection.SendAsync(Get("/half-closed"));
            connection.ShutdownSend();
            string answer;
            try
            {
                answer = (await connection.ReadResponseAsync()).StatusLine;
            }
            catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException)
            {
                return ("closed without an answer", true);
            }

            return (answer, await connection.ClosedByPeerAsync());
        }

        var slow = await HalfCloseAsync(fixture.Pair.Slow);
        Assert.True(slow.Closed, $"YARP lane: '{slow.Answer}', then the half-closed connection stayed open");

        // Whether the end of the stream arrives with the request or after it is up to timing: try both a few times.
        for (var i = 0; i < 10; i++)
        {
            var fast = await HalfCloseAsync(fixture.Pair.Fast);
            Assert.True(fast.Closed, $"fast lane, attempt {i}: '{fast.Answer}', then the half-closed connection stayed open for 30 s");
        }
    }

    [Fact]
    public async Task A_client_leaving_before_the_response_cancels_the_upstream_request_as_through_yarp()
    {
        async Task LeaveEarlyAsync(GatewayProgram program, string key)
        {
            var aborted = fixture.Upstream.HoldsAborted;
            var connection = await RawHttpConnection.OpenAsync(program.App.HttpPort);
            try
            {
                await connection.SendAsync(Get($"/hold/{key}"));
                await Eventually.HoldsAsync(() => Task.FromResult(fixture.Upstream.Received.Any(r => r.PathAndQuery == $"/hold/{key}")), $"{key}: the request is at the upstream");
            }
            finally
            {
                connection.Abort();
            }

            await Eventually.HoldsAsync(() => Task.FromResult(fixture.Upstream.HoldsAborted > aborted), $"{key}: the upstream request was cancelled");
        }

        await LeaveEarlyAsync(fixture.Pair.Slow, "left-yarp");
        await LeaveEarlyAsync(fixture.Pair.Fast, "left-fast-lane");
    }
}
