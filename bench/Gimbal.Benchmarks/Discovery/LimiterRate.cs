using System.Diagnostics;
using System.Threading.RateLimiting;
using Gimbal.Kubernetes.FlowControl;

namespace Gimbal.Benchmarks.Discovery;

/// <summary>A rate limiter alone, on the real clock: the rate it grants to many concurrent callers.</summary>
internal static class LimiterRate
{
    /// <summary>
    /// Both limiters get the burst of one 10 ms step (qps/100 tokens), the least the fixed-step bucket needs to keep a
    /// step's tokens; the burst is taken off the count, so the figure is the refill rate.
    /// </summary>
    public static int Burst(int qps) => Math.Max(1, qps / 100);

    /// <summary>The client's limiter.</summary>
    public static RateLimiter Client(int qps) => new QpsRateLimiter(qps, Burst(qps));

    /// <summary>
    /// What the client used before: the BCL token bucket refilled by a timer in fixed steps (qps/100 tokens every
    /// 10 ms). A tick that comes late adds no more tokens, so under load it grants less than configured.
    /// </summary>
    public static RateLimiter FixedStep(int qps) => new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
    {
        TokenLimit = Burst(qps),
        TokensPerPeriod = Burst(qps),
        ReplenishmentPeriod = TimeSpan.FromMilliseconds(10),
        QueueLimit = int.MaxValue,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        AutoReplenishment = true,
    });

    public static async Task<double> MeasureAsync(RateLimiter limiter, int burst, int callers, TimeSpan duration, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        long granted = 0;
        var clock = Stopwatch.StartNew();
        stop.CancelAfter(duration);
        await Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(
            async () =>
            {
                try
                {
                    while (true)
                    {
                        using var lease = await limiter.AcquireAsync(1, stop.Token);
                        Interlocked.Increment(ref granted);
                    }
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    // The measurement is over.
                }
            },
            CancellationToken.None)));
        return (Interlocked.Read(ref granted) - burst) / clock.Elapsed.TotalSeconds;
    }
}
