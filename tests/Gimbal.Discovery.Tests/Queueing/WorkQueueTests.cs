using Gimbal.Discovery.Queueing;

namespace Gimbal.Discovery.Tests.Queueing;

public sealed class WorkQueueTests
{
    [Fact]
    public async Task A_key_added_twice_while_waiting_is_handed_out_once()
    {
        var queue = new WorkQueue();
        queue.Add("ns/a");
        queue.Add("ns/a");
        queue.Add("ns/b");

        Assert.Equal(2, queue.Count);
        var first = await queue.TakeAsync(CancellationToken.None);
        var second = await queue.TakeAsync(CancellationToken.None);
        Assert.Equal(["ns/a", "ns/b"], new[] { first, second });
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public async Task A_key_added_while_being_worked_on_comes_back_after_done_and_not_before()
    {
        var queue = new WorkQueue();
        queue.Add("ns/a");
        var key = await queue.TakeAsync(CancellationToken.None);
        queue.Add("ns/a");

        using var early = new CancellationTokenSource();
        var waiting = queue.TakeAsync(early.Token).AsTask();
        Assert.False(waiting.IsCompleted);
        Assert.False(queue.IsIdle);

        queue.Done(key);
        Assert.Equal("ns/a", await waiting.WaitAsync(TimeSpan.FromSeconds(30)));
        queue.Done("ns/a");
        Assert.True(queue.IsIdle);
    }

    [Fact]
    public async Task A_delayed_key_counts_as_pending_until_it_is_back_in_the_queue()
    {
        var queue = new WorkQueue();
        queue.AddAfter("ns/a", TimeSpan.FromMilliseconds(50));
        Assert.False(queue.IsIdle);
        Assert.Equal("ns/a", await queue.TakeAsync(CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void Backoff_doubles_up_to_the_cap_and_never_gives_up()
    {
        var backoff = new RetryBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5));
        var delays = Enumerable.Range(0, 100).Select(_ => backoff.NextDelay("ns/a")).ToList();

        Assert.Equal(TimeSpan.FromMilliseconds(100), delays[0]);
        Assert.Equal(TimeSpan.FromMilliseconds(200), delays[1]);
        Assert.Equal(TimeSpan.FromMilliseconds(400), delays[2]);
        Assert.All(delays.Skip(6), d => Assert.Equal(TimeSpan.FromSeconds(5), d));
        Assert.Equal(100, backoff.Failures("ns/a"));

        backoff.Forget("ns/a");
        Assert.Equal(TimeSpan.FromMilliseconds(100), backoff.NextDelay("ns/a"));
    }
}
