using System.Net.Http.Headers;

namespace Gimbal.Kubernetes.Credentials;

/// <summary>Supplies the Authorization header of each request; may refresh what it holds.</summary>
public interface IKubernetesCredentials
{
    /// <summary>The Authorization header for the next request, or null to send none. Called for every request, possibly concurrently: cache what is expensive.</summary>
    /// <param name="cancellationToken">Cancels the request the header is for.</param>
    ValueTask<AuthenticationHeaderValue?> GetAuthorizationAsync(CancellationToken cancellationToken);

    /// <summary>Called after a 401, so the next request fetches fresh credentials.</summary>
    void Invalidate();
}
