using Gimbal.Discovery.OpenStack.Api;
using Gimbal.Discovery.OpenStack.Identity;
using Gimbal.Discovery.OpenStack.Model;

namespace Gimbal.Discovery.OpenStack.LoadBalancing;

/// <summary>
/// Lists load balancers, listeners, pools and members from Octavia or Neutron LBaaS v2 (the two share the
/// resource shapes; only the catalog entry and the version prefix differ), filtered by project.
/// </summary>
public sealed class LbaasApi
{
    /// <summary>Octavia's catalog service type.</summary>
    public const string OctaviaServiceType = "load-balancer";
    /// <summary>Neutron's catalog service type, which serves LBaaS v2 where Octavia is not deployed.</summary>
    public const string NetworkServiceType = "network";

    private readonly OpenStackApiClient _client;
    private readonly Uri _root;
    private readonly string _prefix;

    /// <summary>An API at <paramref name="endpoint"/> (the service root or its versioned root).</summary>
    /// <param name="client">The authenticated client.</param>
    /// <param name="endpoint">The catalog URL of the service.</param>
    /// <param name="flavor">Octavia (/v2/lbaas) or Neutron LBaaS (/v2.0/lbaas).</param>
    public LbaasApi(OpenStackApiClient client, Uri endpoint, LbaasFlavor flavor)
    {
        _client = client;
        Flavor = flavor;
        var version = flavor == LbaasFlavor.Octavia ? "v2" : "v2.0";
        _prefix = $"/{version}/lbaas";

        // Catalogs list the service root ("http://host:9876/") or, for some Neutron deployments, the versioned root.
        var text = endpoint.AbsoluteUri.TrimEnd('/');
        if (!text.EndsWith("/" + version, StringComparison.Ordinal))
        {
            text += "/" + version;
        }

        _root = new Uri(text + "/lbaas/");
    }

    /// <summary>Which service answers: Octavia or Neutron LBaaS.</summary>
    public LbaasFlavor Flavor { get; }

    /// <summary>
    /// Octavia when the token's catalog has it, otherwise Neutron LBaaS through the network service; null when neither is there.
    /// </summary>
    public static LbaasApi? FromCatalog(OpenStackApiClient client, ServiceCatalog catalog, string endpointInterface, string? region)
    {
        if (catalog.FindEndpoint(OctaviaServiceType, endpointInterface, region) is { } octavia)
        {
            return new LbaasApi(client, octavia, LbaasFlavor.Octavia);
        }

        return catalog.FindEndpoint(NetworkServiceType, endpointInterface, region) is { } network
            ? new LbaasApi(client, network, LbaasFlavor.NeutronLbaas)
            : null;
    }

    /// <summary>The latency metric's path label of load balancer lists, e.g. "/v2/lbaas/loadbalancers".</summary>
    public string LoadBalancersPath => _prefix + "/loadbalancers";

    /// <summary>The latency metric's path label of listener lists.</summary>
    public string ListenersPath => _prefix + "/listeners";

    /// <summary>The latency metric's path label of pool lists.</summary>
    public string PoolsPath => _prefix + "/pools";

    /// <summary>The latency metric's path label of member lists: "…/pools/{pool_id}/members", IDs left out.</summary>
    public string MembersPath => _prefix + "/pools/{pool_id}/members";

    /// <summary>The load balancers of one project, all pages.</summary>
    /// <param name="projectId">The project's ID.</param>
    /// <param name="unreadable">Receives a message per element that could not be read.</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    public Task<IReadOnlyList<LoadBalancer>> ListLoadBalancersAsync(string projectId, List<string> unreadable, CancellationToken cancellationToken) =>
        ListAsync<LoadBalancer>($"loadbalancers?project_id={Uri.EscapeDataString(projectId)}", LoadBalancersPath, "loadbalancers", unreadable, cancellationToken);

    /// <summary>The listeners of one project, all pages.</summary>
    /// <param name="projectId">The project's ID.</param>
    /// <param name="unreadable">Receives a message per element that could not be read.</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    public Task<IReadOnlyList<Listener>> ListListenersAsync(string projectId, List<string> unreadable, CancellationToken cancellationToken) =>
        ListAsync<Listener>($"listeners?project_id={Uri.EscapeDataString(projectId)}", ListenersPath, "listeners", unreadable, cancellationToken);

    /// <summary>The pools of one project, all pages.</summary>
    /// <param name="projectId">The project's ID.</param>
    /// <param name="unreadable">Receives a message per element that could not be read.</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    public Task<IReadOnlyList<Pool>> ListPoolsAsync(string projectId, List<string> unreadable, CancellationToken cancellationToken) =>
        ListAsync<Pool>($"pools?project_id={Uri.EscapeDataString(projectId)}", PoolsPath, "pools", unreadable, cancellationToken);

    /// <summary>The members of one pool, all pages.</summary>
    /// <param name="poolId">The pool's ID.</param>
    /// <param name="unreadable">Receives a message per element that could not be read.</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    public Task<IReadOnlyList<Member>> ListMembersAsync(string poolId, List<string> unreadable, CancellationToken cancellationToken) =>
        ListAsync<Member>($"pools/{Uri.EscapeDataString(poolId)}/members", MembersPath, "members", unreadable, cancellationToken);

    private Task<IReadOnlyList<T>> ListAsync<T>(string relative, string apiPath, string collection, List<string> unreadable, CancellationToken cancellationToken)
        where T : class =>
        TypedLists.ReadAsync<T>(_client.ListAsync(new Uri(_root, relative), apiPath, collection, cancellationToken), collection, unreadable, cancellationToken);
}
