namespace Gimbal.Discovery.Queueing;

/// <summary>
/// Per-key exponential backoff: base, 2×base, 4×base … capped at <see cref="Max"/>. It never gives up, so an item
/// that keeps failing is retried at the cap until it succeeds or the key is forgotten.
/// </summary>
public sealed class RetryBackoff(TimeSpan initial, TimeSpan max)
{
    private readonly Dictionary<string, int> _failures = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>The wait after a key's first failure.</summary>
    public TimeSpan Initial { get; } = initial;

    /// <summary>The longest wait, however often a key has failed.</summary>
    public TimeSpan Max { get; } = max;

    /// <summary>Counts one more failure of <paramref name="key"/> and returns how long to wait before the next try.</summary>
    public TimeSpan NextDelay(string key)
    {
        int failures;
        lock (_gate)
        {
            _failures.TryGetValue(key, out failures);
            _failures[key] = failures + 1;
        }

        // Past 2^30 the multiplication would overflow; the cap is reached long before that.
        var exponent = Math.Min(failures, 30);
        var ticks = Initial.Ticks * Math.Pow(2, exponent);
        return ticks >= Max.Ticks ? Max : TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>How many times <paramref name="key"/> has failed since it was last forgotten.</summary>
    /// <param name="key">The work item's key.</param>
    public int Failures(string key)
    {
        lock (_gate)
        {
            return _failures.TryGetValue(key, out var n) ? n : 0;
        }
    }

    /// <summary>Resets <paramref name="key"/>'s failures after it succeeded (or left the desired state).</summary>
    /// <param name="key">The work item's key.</param>
    public void Forget(string key)
    {
        lock (_gate)
        {
            _failures.Remove(key);
        }
    }
}
