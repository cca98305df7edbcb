namespace Gimbal.Yarp.Tests.Infrastructure;

/// <summary>Waits for a condition on a loaded machine: re-checks it on a timer until it holds or a generous timeout passes.</summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public static async Task HoldsAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
        Exception? last = null;
        do
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (HttpRequestException ex)
            {
                last = ex;
            }
        }
        while (await Ticks(tick, cts.Token));

        throw new TimeoutException($"Timed out waiting for: {what}", last);
    }

    private static async Task<bool> Ticks(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
