namespace Gimbal.Testing.OpenStack;

/// <summary>Injected failures: requests whose path and query contain a fragment answer a status code, a number of times.</summary>
public sealed class FakeFaults
{
    private readonly Lock _lock = new();
    private readonly List<Fault> _faults = [];

    /// <summary>The next <paramref name="times"/> requests whose path contains <paramref name="pathFragment"/> answer <paramref name="status"/>.</summary>
    public void Fail(string pathFragment, int status, int times = int.MaxValue)
    {
        lock (_lock)
        {
            _faults.Add(new Fault(pathFragment, status) { Remaining = times });
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _faults.Clear();
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

    private sealed record Fault(string PathFragment, int Status)
    {
        public int Remaining { get; set; }
    }
}
