namespace Gimbal.Testing.OpenStack;

/// <summary>Injected failures: requests whose path and query contain a fragment answer a status code, or answer late, a number of times.</summary>
public sealed class FakeFaults
{
    private readonly Lock _lock = new();
    private readonly List<Fault> _faults = [];
    private readonly List<SlowDown> _delays = [];

    /// <summary>The next <paramref name="times"/> requests whose path contains <paramref name="pathFragment"/> answer <paramref name="status"/>.</summary>
    public void Fail(string pathFragment, int status, int times = int.MaxValue)
    {
        lock (_lock)
        {
            _faults.Add(new Fault(pathFragment, status) { Remaining = times });
        }
    }

    /// <summary>The next <paramref name="times"/> requests whose path and query contain <paramref name="pathFragment"/> are answered only after <paramref name="delay"/>.</summary>
    public void Delay(string pathFragment, TimeSpan delay, int times = int.MaxValue)
    {
        lock (_lock)
        {
            _delays.Add(new SlowDown(pathFragment, delay) { Remaining = times });
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _faults.Clear();
            _delays.Clear();
        }
    }

    internal int? Take(string path)
    {
        lock (_lock)
        {
            foreach (var fault in _faults)
            {
                if (fault.Remaining > 0 && path.Contains(fault.PathFragment, StringComparison.Ordinal))
                {
                    fault.Remaining--;
                    return fault.Status;
                }
            }

            return null;
        }
    }

    internal TimeSpan? TakeDelay(string path)
    {
        lock (_lock)
        {
            foreach (var slow in _delays)
            {
                if (slow.Remaining > 0 && path.Contains(slow.PathFragment, StringComparison.Ordinal))
                {
                    slow.Remaining--;
                    return slow.Delay;
                }
            }

            return null;
        }
    }

    private sealed record SlowDown(string PathFragment, TimeSpan Delay)
    {
        public int Remaining { get; set; }
    }

    private sealed record Fault(string PathFragment, int Status)
    {
        public int Remaining { get; set; }
    }
}
