using Gimbal.Yarp.CircuitBreaking;

namespace Gimbal.Yarp.Pipeline;

/// <summary>
/// One forwarding attempt of a request that may still be retried, as a request feature: the
/// response transform holds back a retriable answer (its body never reaches the client) after
/// taking a retry slot of the cluster, and the retry middleware then sends the request again.
/// </summary>
internal sealed class RetryAttempt(RetryPlan plan, ClusterLoad load, int maxRetries)
{
    /// <summary>The status of the answer held back, or 0.</summary>
    public int HeldBackStatus { get; private set; }

    /// <summary>Holds back the answer when its status is retried and the cluster has a retry slot free.</summary>
    public bool TryHoldBack(int status)
    {
        if (!plan.RetriesStatus(status) || !load.TryEnterRetry(maxRetries))
        {
            return false;
        }

        HeldBackStatus = status;
        return true;
    }
}
