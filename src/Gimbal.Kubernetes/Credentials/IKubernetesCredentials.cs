using System.Net.Http.Headers;

namespace Gimbal.Kubernetes.Credentials;

/// <summary>Supplies the Authorization header of each request; may refresh what it holds.</summary>
public interface IKubernetesCredentials
{
    ValueTask<AuthenticationHeaderValue?> GetAuthorizationAsync(CancellationToken cancellationToken);

    /// <summary>Called after a 401, so the next request fetches fresh credentials.</summary>
    void Invalidate();
}
