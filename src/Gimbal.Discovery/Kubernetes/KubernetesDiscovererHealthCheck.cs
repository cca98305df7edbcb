using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Gimbal.Discovery.Kubernetes;

/// <summary>Ready once the upstream is listed, reachable and mirrored at least once.</summary>
public sealed class KubernetesDiscovererHealthCheck(KubernetesDiscoverer discoverer) : IHealthCheck
{
    /// <summary>Healthy once <see cref="UpstreamStatus.Ready"/>; otherwise unhealthy with the reason (unreachable, not listed yet, first reconcile not done).</summary>
    /// <param name="context">Not used.</param>
    /// <param name="cancellationToken">Not used: the answer is immediate.</param>
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = discoverer.Status;
        return Task.FromResult(status.Ready
            ? HealthCheckResult.Healthy("upstream mirrored")
            : HealthCheckResult.Unhealthy(!status.Reachable ? "upstream unreachable" : !status.Synced ? "upstream not listed yet" : "first reconcile not done"));
    }
}
