using System.Diagnostics;
using Gimbal.Kubernetes.FlowControl;

namespace Gimbal.Benchmarks.Discovery;

/// <summary>The client's rate limiter alone, on the real clock: the rate it grants to many concurrent callers.</summary>
internal static class LimiterRate
{
    public static async Task<double> MeasureAsync(int qps, int callers, TimeSpan duration, CancellationToken cancellationToken)
    {
        // Burst 1, so the figure is the refill rate, not a burst spent at once.
        using var limiter = new QpsRateLimiter(qps, 1);
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
        return (Interlocked.Read(ref granted) - 1) / clock.Elapsed.TotalSeconds;
    }
}
