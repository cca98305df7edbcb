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
    /// <summary>GET /v3/projects: every project, for cloud-wide readers.</summary>
    public const string ProjectsPath = "/v3/projects";
    /// <summary>GET /v3/auth/projects: the projects the credentials may scope to, for everyone else.</summary>
    public const string AuthProjectsPath = "/v3/auth/projects";

    private readonly OpenStackApiClient _client;
    private readonly Uri _identity;

    /// <summary>A projects API on the Keystone of <paramref name="credentials"/>.</summary>
    /// <param name="client">The authenticated client.</param>
    /// <param name="credentials">Give the Keystone v3 URL.</param>
    public ProjectsApi(OpenStackApiClient client, OpenStackCredentials credentials)
    {
        _client = client;
        _identity = credentials.IdentityV3Url();
    }

    /// <summary>Every project visible to the credentials, all pages; falls back to /v3/auth/projects on 403.</summary>
    /// <param name="unreadable">Receives a message per list element that could not be read (the rest are returned).</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
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
