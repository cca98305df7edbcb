using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Gimbal.Discovery.OpenStack;

/// <summary>/readyz for the OpenStack discoverer: OpenStack was read completely and the Gimbal cluster reconciled.</summary>
public sealed class OpenStackDiscovererHealthCheck(OpenStackDiscoveryService service) : IHealthCheck
{
    /// <summary>Healthy once <see cref="Kubernetes.UpstreamStatus.Ready"/>; otherwise unhealthy with the reason (last read failed, not read yet, first reconcile not done).</summary>
    /// <param name="context">Not used.</param>
    /// <param name="cancellationToken">Not used: the answer is immediate.</param>
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = service.Status;
        return Task.FromResult(status.Ready
            ? HealthCheckResult.Healthy("OpenStack mirrored")
            : HealthCheckResult.Unhealthy(!status.Reachable ? "the last OpenStack read failed" : !status.Synced ? "OpenStack not read yet" : "first reconcile not done"));
    }
}
