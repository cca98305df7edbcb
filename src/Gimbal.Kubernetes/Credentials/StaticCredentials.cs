using System.Net.Http.Headers;
using System.Text;

namespace Gimbal.Kubernetes.Credentials;

/// <summary>A fixed bearer token or username/password.</summary>
public sealed class StaticCredentials : IKubernetesCredentials
{
    private readonly AuthenticationHeaderValue _header;

    private StaticCredentials(AuthenticationHeaderValue header) => _header = header;

    /// <summary>Sends "Authorization: Bearer <paramref name="token"/>" with every request.</summary>
    /// <param name="token">The bearer token, e.g. a service-account token.</param>
    public static StaticCredentials BearerToken(string token) => new(new AuthenticationHeaderValue("Bearer", token));

    /// <summary>Sends HTTP basic authentication (UTF-8, base64) with every request.</summary>
    /// <param name="username">The user name.</param>
    /// <param name="password">The password; may be empty.</param>
    public static StaticCredentials Basic(string username, string password) =>
        new(new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password}"))));

    /// <summary>The fixed header; it never changes.</summary>
    /// <param name="cancellationToken">Not used: the answer is immediate.</param>
    public ValueTask<AuthenticationHeaderValue?> GetAuthorizationAsync(CancellationToken cancellationToken) => ValueTask.FromResult<AuthenticationHeaderValue?>(_header);

    /// <summary>Does nothing: fixed credentials cannot be refreshed, so a second 401 fails the request.</summary>
    public void Invalidate()
    {
    }
}
