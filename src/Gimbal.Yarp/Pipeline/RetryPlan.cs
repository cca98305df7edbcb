using Gimbal.Core.Routing;

namespace Gimbal.Yarp.Pipeline;

/// <summary>
/// A route's retry policy read once per config: how many retries, the per-try timeout, and which
/// outcomes Envoy's <c>retry_on</c> conditions retry. An empty <c>retry_on</c> means "5xx", as in
/// the Envoy translation.
/// </summary>
internal sealed record RetryPlan(int Retries, TimeSpan? PerTryTimeout, RetryOn On)
{
    public static RetryPlan? From(RetryPolicy? policy)
    {
        if (policy is null)
        {
            return null;
        }

        var on = RetryOn.None;
        IEnumerable<string> conditions = policy.RetryOn.IsEmpty ? ["5xx"] : policy.RetryOn;
        foreach (var condition in conditions)
        {
            on |= condition switch
            {
                "5xx" => RetryOn.ServerError | RetryOn.Reset | RetryOn.ConnectFailure,
                "gateway-error" => RetryOn.GatewayError | RetryOn.Reset | RetryOn.ConnectFailure,
                "reset" => RetryOn.Reset | RetryOn.ConnectFailure,
                "connect-failure" => RetryOn.ConnectFailure,
                "refused-stream" => RetryOn.ConnectFailure,
                "retriable-4xx" => RetryOn.Conflict,
                _ => RetryOn.None,
            };
        }

        var perTry = policy.PerTryTimeout is { } t && t > TimeSpan.Zero ? t : (TimeSpan?)null;
        var retries = Math.Max(0, policy.Count);
        return retries == 0 && perTry is null ? null : new RetryPlan(retries, perTry, on);
    }

    /// <summary>Whether an upstream answer with this status is retried (before any of it reaches the client).</summary>
    public bool RetriesStatus(int status) => status switch
    {
        >= 500 and <= 599 when On.HasFlag(RetryOn.ServerError) => true,
        502 or 503 or 504 => On.HasFlag(RetryOn.GatewayError),
        409 => On.HasFlag(RetryOn.Conflict),
        _ => false,
    };

    /// <summary>Whether any status is retried: only then are responses held back to look at.</summary>
    public bool RetriesStatuses => (On & (RetryOn.ServerError | RetryOn.GatewayError | RetryOn.Conflict)) != 0;
}

/// <summary>Outcomes a route retries.</summary>
[Flags]
internal enum RetryOn
{
    None = 0,

    /// <summary>Any 5xx answer.</summary>
    ServerError = 1,

    /// <summary>502, 503 and 504 answers.</summary>
    GatewayError = 2,

    /// <summary>The upstream connection failed, was reset or timed out before an answer.</summary>
    Reset = 4,

    /// <summary>No connection to the upstream could be made.</summary>
    ConnectFailure = 8,

    /// <summary>409 answers (Envoy's retriable-4xx).</summary>
    Conflict = 16,
}
