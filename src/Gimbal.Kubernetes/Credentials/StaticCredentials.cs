using System.Net.Http.Headers;
using System.Text;

namespace Gimbal.Kubernetes.Credentials;

/// <summary>A fixed bearer token or username/password.</summary>
public sealed class StaticCredentials : IKubernetesCredentials
{
    private readonly AuthenticationHeaderValue _header;

    private StaticCredentials(AuthenticationHeaderValue header) => _header = header;

    public static StaticCredentials BearerToken(string token) => new(new AuthenticationHeaderValue("Bearer", token));

    public static StaticCredentials Basic(string username, string password) =>
        new(new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password}"))));

    public ValueTask<AuthenticationHeaderValue?> GetAuthorizationAsync(CancellationToken cancellationToken) => ValueTask.FromResult<AuthenticationHeaderValue?>(_header);

    public void Invalidate()
    {
    }
}
