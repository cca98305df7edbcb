using System.Net;
using Gimbal.Discovery.OpenStack.Api;
using Gimbal.Discovery.OpenStack.Model;

namespace Gimbal.Discovery.OpenStack.Identity;

/// <summary>
/// The projects to discover: GET /v3/projects (needs a cloud-wide reader role); when Keystone forbids that,
/// the projects the credentials may scope to (GET /v3/auth/projects), which is what a non-admin user sees.
/// </summary>
public sealed class ProjectsApi
{
    public const string ProjectsPath = "/v3/projects";
    public const string AuthProjectsPath = "/v3/auth/projects";

    private readonly OpenStackApiClient _client;
    private readonly Uri _identity;

    public ProjectsApi(OpenStackApiClient client, OpenStackCredentials credentials)
    {
        _client = client;
        _identity = credentials.IdentityV3Url();
    }

    public async Task<IReadOnlyList<Project>> ListAsync(List<string> unreadable, CancellationToken cancellationToken)
    {
        try
        {
            return await TypedLists.ReadAsync<Project>(
                _client.ListAsync(new Uri(_identity, "projects"), ProjectsPath, "projects", cancellationToken), "projects", unreadable, cancellationToken).ConfigureAwait(false);
        }
        catch (OpenStackApiException e) when (e.StatusCode == HttpStatusCode.Forbidden)
        {
            return await TypedLists.ReadAsync<Project>(
                _client.ListAsync(new Uri(_identity, "auth/projects"), AuthProjectsPath, "projects", cancellationToken), "projects", unreadable, cancellationToken).ConfigureAwait(false);
        }
    }
}
