namespace Gimbal.Discovery.Tests;

/// <summary>Waits for a condition that becomes true asynchronously, failing after a generous timeout.</summary>
internal static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public static Task True(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        True(() => Task.FromResult(condition()), what, timeout);

    /// <summary>A condition that throws counts as not yet true (a server under injected faults); the last error is reported on timeout.</summary>
    public static async Task True(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        Exception? last = null;
        while (true)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
            {
                last = ex;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"timed out waiting until {what}{(last is null ? string.Empty : $" (last error: {last.Message})")}");
            }

            // Poll interval while waiting on the condition, not a timing assumption.
            await Task.Delay(25);
        }
    }
}
