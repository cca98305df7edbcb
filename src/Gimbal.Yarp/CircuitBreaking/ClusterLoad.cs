namespace Gimbal.Yarp.CircuitBreaking;

/// <summary>Requests and retries in flight to one cluster, checked against its limits.</summary>
internal sealed class ClusterLoad
{
    private int _requests;
    private int _retries;

    public int Requests => Volatile.Read(ref _requests);

    public int Retries => Volatile.Read(ref _retries);

    /// <summary>Takes a request slot unless <paramref name="limit"/> are taken already.</summary>
    public bool TryEnterRequest(int limit) => TryEnter(ref _requests, limit);

    public void ExitRequest() => Interlocked.Decrement(ref _requests);

    /// <summary>Takes a retry slot unless <paramref name="limit"/> retries are in flight already.</summary>
    public bool TryEnterRetry(int limit) => TryEnter(ref _retries, limit);

    public void ExitRetry() => Interlocked.Decrement(ref _retries);

    private static bool TryEnter(ref int counter, int limit)
    {
        if (Interlocked.Increment(ref counter) <= limit)
        {
            return true;
        }

        Interlocked.Decrement(ref counter);
        return false;
    }
}
