namespace Gimbal.Testing.Faults;

/// <summary>Faults a test turns on: failed requests, slow answers, dropped watches, compacted history.</summary>
public sealed class FaultInjector
{
    private readonly Lock _gate = new();
    private int _failuresLeft;
    private int _failureCode;
    private TimeSpan? _retryAfter;
    private readonly Action<bool> _closeWatches;
    private readonly Action _compact;

    internal FaultInjector(Action<bool> closeWatches, Action compact)
    {
        _closeWatches = closeWatches;
        _compact = compact;
    }

    /// <summary>Added before every answer (watch streams included) while set.</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>The next <paramref name="count"/> requests fail with <paramref name="statusCode"/> (429 and 5xx may carry Retry-After).</summary>
    public void FailNextRequests(int count, int statusCode, TimeSpan? retryAfter = null)
    {
        lock (_gate)
        {
            _failuresLeft = count;
            _failureCode = statusCode;
            _retryAfter = retryAfter;
        }
    }

    /// <summary>Ends every open watch: abruptly (connection reset) or cleanly (end of the chunked stream).</summary>
    public void CloseAllWatches(bool abort = true) => _closeWatches(abort);

    /// <summary>Drops all history, so resuming a watch or continuing a list from before now answers 410.</summary>
    public void CompactHistory() => _compact();

    internal (int Code, TimeSpan? RetryAfter)? TakeFailure()
    {
        lock (_gate)
        {
            if (_failuresLeft <= 0)
            {
                return null;
            }

            _failuresLeft--;
            return (_failureCode, _retryAfter);
        }
    }
}
