using System.Threading.RateLimiting;
using Gimbal.Kubernetes.FlowControl;

namespace Gimbal.Kubernetes.Tests.FlowControl;

public sealed class QpsRateLimiterTests
{
    private static readonly TimeSpan Millisecond = TimeSpan.FromMilliseconds(1);

    [Fact]
    public void A_full_bucket_lets_a_burst_through_then_tokens_come_back_at_the_rate()
    {
        var time = new ManualTimeProvider();
        using var limiter = new QpsRateLimiter(10, 3, time);

        Assert.All(Enumerable.Range(0, 3), _ => Assert.True(limiter.AttemptAcquire().IsAcquired));
        Assert.False(limiter.AttemptAcquire().IsAcquired);

        time.Skip(TimeSpan.FromMilliseconds(99));
        Assert.False(limiter.AttemptAcquire().IsAcquired);
        time.Skip(Millisecond);
        Assert.True(limiter.AttemptAcquire().IsAcquired);
        Assert.False(limiter.AttemptAcquire().IsAcquired);

        // Refill by elapsed time, not by whole periods: 250 ms at 10 qps is 2.5 tokens.
        time.Skip(TimeSpan.FromMilliseconds(250));
        Assert.True(limiter.AttemptAcquire().IsAcquired);
        Assert.True(limiter.AttemptAcquire().IsAcquired);
        Assert.False(limiter.AttemptAcquire().IsAcquired);
        time.Skip(TimeSpan.FromMilliseconds(50));
        Assert.True(limiter.AttemptAcquire().IsAcquired);
    }

    [Fact]
    public void A_quiet_spell_refills_no_more_than_the_burst()
    {
        var time = new ManualTimeProvider();
        using var limiter = new QpsRateLimiter(100, 5, time);
        Assert.All(Enumerable.Range(0, 5), _ => Assert.True(limiter.AttemptAcquire().IsAcquired));

        time.Skip(TimeSpan.FromMinutes(10));

        Assert.Equal(5, limiter.GetStatistics()!.CurrentAvailablePermits);
        Assert.All(Enumerable.Range(0, 5), _ => Assert.True(limiter.AttemptAcquire().IsAcquired));
        Assert.False(limiter.AttemptAcquire().IsAcquired);
    }

    [Theory]
    [InlineData(500, 1)]
    [InlineData(500, 500)]
    [InlineData(333, 10)]
    [InlineData(5, 10)]
    public void Waiters_get_exactly_the_configured_rate_in_arrival_order(double qps, int burst)
    {
        var time = new ManualTimeProvider();
        using var limiter = new QpsRateLimiter(qps, burst, time);
        var waiters = Enumerable.Range(0, burst + (int)qps * 3 + 50).Select(_ => limiter.AcquireAsync().AsTask()).ToList();

        for (var ms = 1; ms <= 2000; ms++)
        {
            time.Advance(Millisecond);
            AssertServedInOrder(waiters);
        }

        // The burst at once, then one token every 1/qps seconds: after 2 s, burst + 2 * qps, rounding down (a token
        // due on the very last tick may land one tick later through floating-point rounding).
        var expected = burst + (int)Math.Floor(qps * 2);
        Assert.InRange(waiters.Count(w => w.IsCompleted), expected - 1, expected);
        Assert.All(waiters.Where(w => w.IsCompleted), w => Assert.True(w.Result.IsAcquired));
    }

    [Theory]
    [InlineData(16)]
    [InlineData(50)]
    [InlineData(333)]
    public void A_timer_that_fires_late_loses_no_tokens(int timerGranularityMs)
    {
        var time = new ManualTimeProvider();
        using var limiter = new QpsRateLimiter(500, 1, time);
        var waiters = Enumerable.Range(0, 1_200).Select(_ => limiter.AcquireAsync().AsTask()).ToList();

        var elapsed = 0;
        while (elapsed + timerGranularityMs <= 2000)
        {
            time.Jump(TimeSpan.FromMilliseconds(timerGranularityMs));
            elapsed += timerGranularityMs;
            AssertServedInOrder(waiters);
        }

        // Every token that accrued in the elapsed time went to a waiter, though the burst is 1.
        Assert.Equal(1 + (elapsed * 500 / 1000), waiters.Count(w => w.IsCompleted));
    }

    [Fact]
    public void Fractional_rates_work()
    {
        var time = new ManualTimeProvider();
        using var limiter = new QpsRateLimiter(0.5, 1, time);
        Assert.True(limiter.AttemptAcquire().IsAcquired);
        var next = limiter.AcquireAsync().AsTask();

        time.Advance(TimeSpan.FromMilliseconds(1999));
        Assert.False(next.IsCompleted);
        time.Advance(Millisecond);
        Assert.True(next.IsCompletedSuccessfully);
    }

    [Fact]
    public void Nobody_jumps_the_queue_even_when_tokens_have_accrued_before_the_timer_fired()
    {
        var time = new ManualTimeProvider();
        using var limiter = new QpsRateLimiter(10, 2, time);
        Assert.True(limiter.AttemptAcquire(2).IsAcquired);
        var first = limiter.AcquireAsync().AsTask();
        Assert.False(limiter.AttemptAcquire().IsAcquired);

        // 250 ms: the waiter's token was due at 100 ms and 1.5 tokens are left; the timer has not run yet.
        time.Skip(TimeSpan.FromMilliseconds(250));
        Assert.False(first.IsCompleted);
        Assert.True(limiter.AttemptAcquire().IsAcquired);

        Assert.True(first.IsCompletedSuccessfully);
        Assert.False(limiter.AttemptAcquire().IsAcquired);
    }

    [Fact]
    public async Task A_cancelled_waiter_leaves_the_queue_and_the_ones_behind_move_up()
    {
        var time = new ManualTimeProvider();
        using var limiter = new QpsRateLimiter(1, 1, time);
        Assert.True(limiter.AttemptAcquire().IsAcquired);
        using var cancelFirst = new CancellationTokenSource();
        using var cancelSecond = new CancellationTokenSource();
        var first = limiter.AcquireAsync(1, cancelFirst.Token).AsTask();
        var second = limiter.AcquireAsync(1, cancelSecond.Token).AsTask();
        var third = limiter.AcquireAsync().AsTask();
        var fourth = limiter.AcquireAsync().AsTask();
        Assert.Equal(4, limiter.GetStatistics()!.CurrentQueuedCount);

        await cancelSecond.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second);
        await cancelFirst.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        Assert.Equal(2, limiter.GetStatistics()!.CurrentQueuedCount);

        // The cancelled waiters took no tokens: the third gets the token due at 1 s, the fourth the one at 2 s.
        time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(third.IsCompleted);
        time.Advance(Millisecond);
        Assert.True(third.IsCompletedSuccessfully);
        Assert.False(fourth.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(fourth.IsCompletedSuccessfully);
        Assert.Equal(0, limiter.GetStatistics()!.CurrentQueuedCount);
    }

    [Fact]
    public async Task An_already_cancelled_token_fails_at_once_and_takes_nothing()
    {
        var time = new ManualTimeProvider();
        using var limiter = new QpsRateLimiter(1, 1, time);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => limiter.AcquireAsync(1, new CancellationToken(canceled: true)).AsTask());
        Assert.True(limiter.AttemptAcquire().IsAcquired);
    }

    [Fact]
    public async Task Several_permits_wait_for_as_many_tokens()
    {
        var time = new ManualTimeProvider();
        using var limiter = new QpsRateLimiter(10, 5, time);
        Assert.True(limiter.AttemptAcquire(5).IsAcquired);
        var three = limiter.AcquireAsync(3).AsTask();

        time.Advance(TimeSpan.FromMilliseconds(299));
        Assert.False(three.IsCompleted);
        time.Advance(Millisecond);
        Assert.True((await three).IsAcquired);
        Assert.Throws<ArgumentOutOfRangeException>(() => limiter.AttemptAcquire(6));
    }

    [Fact]
    public async Task Disposing_fails_the_waiters_and_later_calls()
    {
        var time = new ManualTimeProvider();
        var limiter = new QpsRateLimiter(1, 1, time);
        Assert.True(limiter.AttemptAcquire().IsAcquired);
        var waiting = limiter.AcquireAsync().AsTask();

        limiter.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => waiting);
        Assert.Throws<ObjectDisposedException>(() => limiter.AttemptAcquire());
        time.Advance(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Idle_duration_counts_from_when_the_bucket_filled_up()
    {
        var time = new ManualTimeProvider();
        using var limiter = new QpsRateLimiter(10, 2, time);
        Assert.Equal(TimeSpan.Zero, limiter.IdleDuration);
        Assert.True(limiter.AttemptAcquire(2).IsAcquired);

        time.Skip(TimeSpan.FromMilliseconds(150));
        Assert.Null(limiter.IdleDuration);
        time.Skip(TimeSpan.FromMilliseconds(150));
        Assert.Equal(TimeSpan.FromMilliseconds(100), limiter.IdleDuration);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(-1, 1)]
    [InlineData(double.PositiveInfinity, 1)]
    [InlineData(10, 0)]
    public void Rejects_settings_that_make_no_bucket(double qps, int burst) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new QpsRateLimiter(qps, burst, new ManualTimeProvider()));

    private static void AssertServedInOrder(List<Task<RateLimitLease>> waiters)
    {
        var served = waiters.TakeWhile(w => w.IsCompleted).Count();
        Assert.All(waiters.Skip(served), w => Assert.False(w.IsCompleted));
    }
}
