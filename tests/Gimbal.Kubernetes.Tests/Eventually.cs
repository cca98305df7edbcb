namespace Gimbal.Kubernetes.Tests;

/// <summary>Waits for a condition with a generous timeout (the machine is shared and loaded).</summary>
internal static class Eventually
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static async Task TrueAsync(Func<bool> condition, string because)
    {
        using var deadline = new CancellationTokenSource(Timeout);
        while (!condition())
        {
            if (deadline.IsCancellationRequested)
            {
                Assert.Fail($"timed out waiting until {because}");
            }

            await Task.Delay(20, CancellationToken.None);
        }
    }
}
