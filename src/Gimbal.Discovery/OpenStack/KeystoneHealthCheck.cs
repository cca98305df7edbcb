using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Gimbal.Discovery.OpenStack;

/// <summary>/healthz for the OpenStack discoverer: healthy while Keystone answers its version document.</summary>
public sealed class KeystoneHealthCheck(OpenStackConnection connection) : IHealthCheck
{
    /// <summary>Healthy when Keystone's version document answers below 500; unhealthy on 5xx or when it cannot be reached.</summary>
    /// <param name="context">Not used.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var response = await connection.Http.GetAsync(connection.IdentityUrl, cancellationToken).ConfigureAwait(false);
            return (int)response.StatusCode < 500
                ? HealthCheckResult.Healthy($"Keystone at {connection.IdentityUrl} answered {(int)response.StatusCode}")
                : HealthCheckResult.Unhealthy($"Keystone at {connection.IdentityUrl} answered {(int)response.StatusCode}");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"Keystone at {connection.IdentityUrl} is unreachable: {e.Message}");
        }
    }
}
