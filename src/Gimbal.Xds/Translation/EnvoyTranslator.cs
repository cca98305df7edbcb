using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Envoy.Config.Cluster.V3;
using Envoy.Config.Endpoint.V3;
using Envoy.Extensions.TransportSockets.Tls.V3;
using Envoy.Config.Listener.V3;
using Envoy.Config.Route.V3;
using Gimbal.Core.Routing;

namespace Gimbal.Xds.Translation;

/// <summary>
/// Translates a <see cref="RouteTable"/> and <see cref="EndpointTable"/> into Envoy resources. Pure and
/// deterministic: equal inputs give equal messages in the same order. Incremental: a cluster, assignment,
/// virtual host or HTTPS filter chain whose model piece equals its piece in the previous translation is that
/// translation's message again, so translating a table after a small change costs little more than the change.
/// </summary>
public sealed class EnvoyTranslator
{
    private readonly TranslationOptions _options;
    private readonly TranslationMemo<UpstreamCluster, Cluster> _envoyClusters = new();
    private readonly TranslationMemo<UpstreamCluster, Cluster> _grpcClusters = new();
    private readonly TranslationMemo<ClusterEndpoints?, ClusterLoadAssignment> _assignments = new();
    private readonly TranslationMemo<HostPiece, (Envoy.Config.Route.V3.VirtualHost Insecure, Envoy.Config.Route.V3.VirtualHost? Secure)> _envoyHosts = new();
    private readonly TranslationMemo<HostPiece, Envoy.Config.Route.V3.VirtualHost> _grpcHosts = new();
    private readonly TranslationMemo<TlsBinding?, FilterChain?> _httpsChains = new();
    private readonly TranslationMemo<string, Listener> _apiListeners = new();

    /// <summary>A translator binding Envoy's listeners where <paramref name="options"/> says.</summary>
    /// <param name="options">Listener address and ports; null uses <see cref="TranslationOptions.Default"/>.</param>
    public EnvoyTranslator(TranslationOptions? options = null) => _options = options ?? TranslationOptions.Default;

    /// <summary>
    /// Translates everything; deterministic and thread-safe. Never throws on route content: the compiler
    /// already rejected what Envoy could not take. Returned messages (or parts of them) may be the very
    /// messages an earlier call returned, when their model pieces are equal: treat them as read-only.
    /// </summary>
    /// <param name="routes">The compiled route table.</param>
    /// <param name="endpoints">The endpoints of its clusters.</param>
    /// <param name="flavor">Envoy resources, or the subset proxyless gRPC clients understand.</param>
    public EnvoyResources Translate(RouteTable routes, EndpointTable endpoints, ResourceFlavor flavor = ResourceFlavor.Envoy) =>
        Translate(routes, endpoints, flavor, includeClustersAndEndpoints: true);

    /// <summary>
    /// Listeners, route configurations and secrets only: what is left when clusters and assignments
    /// come from <see cref="Clusters{T}"/> and <see cref="Endpoints{T}"/>.
    /// </summary>
    internal EnvoyResources TranslateListenersRoutesAndSecrets(RouteTable routes, ResourceFlavor flavor) =>
        Translate(routes, EndpointTable.Empty, flavor, includeClustersAndEndpoints: false);

    /// <summary>
    /// Each cluster translated and handed to <paramref name="finish"/> on the same core, so a caller
    /// that packs the message keeps only the bytes: the message dies young, which spares the GC from
    /// promoting a million short-lived objects. Route table order.
    /// </summary>
    internal static T[] Clusters<T>(RouteTable routes, ResourceFlavor flavor, TranslationMemo<UpstreamCluster, T> memo, Func<Cluster, T> finish) =>
        memo.MapAll(routes.Clusters, c => c.Name, c => c, (c, _) => finish(ClusterTranslator.Translate(c, flavor)));

    /// <summary>Like <see cref="Clusters{T}"/>, for the assignments of the clusters fed by EDS.</summary>
    internal static T[] Endpoints<T>(RouteTable routes, EndpointTable endpoints, TranslationMemo<ClusterEndpoints?, T> memo, Func<ClusterLoadAssignment, T> finish) =>
        memo.MapAll(
            routes.Clusters.Where(HasAssignment).ToList(),
            c => c.Name,
            c => endpoints.Find(c.Name),
            (c, found) => finish(EndpointTranslator.Translate(c.Name, found)));

    private EnvoyResources Translate(RouteTable routes, EndpointTable endpoints, ResourceFlavor flavor, bool includeClustersAndEndpoints)
    {
        // The parts are pure and independent, so they are built side by side; clusters and assignments,
        // most of the work, are also spread over the cores, keeping the route table's (name) order.
        ImmutableArray<Cluster> clusters = [];
        ImmutableArray<ClusterLoadAssignment> assignments = [];
        ImmutableArray<Secret> secrets = [];
        ImmutableArray<Listener> listeners = [];
        ImmutableArray<RouteConfiguration> routeConfigurations = [];
        Parallel.Invoke(
            () => clusters = includeClustersAndEndpoints ? SortedByName(Clusters(routes, flavor, flavor == ResourceFlavor.Envoy ? _envoyClusters : _grpcClusters, c => c), c => c.Name) : [],
            () => assignments = includeClustersAndEndpoints ? TranslateEndpoints(routes, endpoints) : [],
            () =>
            {
                secrets = flavor == ResourceFlavor.Envoy ? [.. routes.Certificates.Select(SecretTranslator.Translate).OrderBy(s => s.Name, StringComparer.Ordinal)] : [];
                listeners = flavor == ResourceFlavor.Envoy ? EnvoyListeners(routes) : GrpcListeners(routes);
                routeConfigurations = flavor == ResourceFlavor.Envoy ? EnvoyRoutes(routes) : GrpcRoutes(routes);
            });
        return new EnvoyResources { Clusters = clusters, Endpoints = assignments, Secrets = secrets, Listeners = listeners, Routes = routeConfigurations };
    }

    /// <summary>Endpoints alone: what an endpoint-only change recomputes.</summary>
    public ImmutableArray<ClusterLoadAssignment> TranslateEndpoints(RouteTable routes, EndpointTable endpoints) =>
        SortedByName(Endpoints(routes, endpoints, _assignments, a => a), a => a.ClusterName);

    // External-name clusters resolve by DNS in Envoy: no assignment of their own.
    private static bool HasAssignment(UpstreamCluster cluster) => string.IsNullOrEmpty(cluster.ExternalName);

    /// <summary>The assignments of some clusters only (those the route table still has).</summary>
    public ImmutableArray<ClusterLoadAssignment> TranslateEndpoints(RouteTable routes, EndpointTable endpoints, IReadOnlyCollection<string> clusterNames)
    {
        var wanted = clusterNames.ToHashSet(StringComparer.Ordinal);
        return
        [
            .. routes.Clusters
                .Where(c => wanted.Contains(c.Name) && HasAssignment(c))
                .Select(c => EndpointTranslator.Translate(c.Name, endpoints.Find(c.Name))),
        ];
    }

    private ImmutableArray<Listener> EnvoyListeners(RouteTable routes)
    {
        var listeners = ImmutableArray.CreateBuilder<Listener>();
        listeners.Add(ListenerTranslator.Http(_options));
        var chains = _httpsChains.MapAll(routes.VirtualHosts, h => h.Name, h => h.TcpProxy is null ? h.Tls : null, (h, tls) => ListenerTranslator.HttpsChain(h.Name, tls));
        if (TcpProxyChains.Extend(ListenerTranslator.Https(chains, _options), routes, _options) is { } https)
        {
            listeners.Add(https);
        }

        return listeners.ToImmutable();
    }

    private ImmutableArray<RouteConfiguration> EnvoyRoutes(RouteTable routes)
    {
        var translator = new RouteTranslator(ClustersByName(routes), ResourceFlavor.Envoy);
        var views = _envoyHosts.MapAll(
            routes.VirtualHosts,
            h => h.Name,
            translator.PieceOf,
            (h, _) => (translator.Insecure(h), h.Tls is not null && h.TcpProxy is null ? translator.Secure(h) : null));
        var http = new RouteConfiguration { Name = ListenerTranslator.HttpRouteConfigName };
        var result = ImmutableArray.CreateBuilder<RouteConfiguration>();
        for (var i = 0; i < views.Length; i++)
        {
            var (insecure, secure) = views[i];
            if (insecure.Routes.Count > 0)
            {
                http.VirtualHosts.Add(insecure);
            }

            if (secure is not null)
            {
                result.Add(new RouteConfiguration
                {
                    Name = ListenerTranslator.HttpsRouteConfigName(routes.VirtualHosts[i].Name),
                    VirtualHosts = { secure },
                });
            }
        }

        result.Add(http);
        if (TcpProxyChains.FallbackRoutes(routes, translator) is { } fallback)
        {
            result.Add(fallback);
        }

        foreach (var configuration in result)
        {
            // A service's own header policy must win over its route's where both touch a header.
            configuration.MostSpecificHeaderMutationsWins = ForwardFeatures.HasClusterHeaders(configuration);
        }

        return [.. result.OrderBy(r => r.Name, StringComparer.Ordinal)];
    }

    // A gRPC target names one exact host, so wildcard hosts have no listener of their own.
    private static List<Core.Routing.VirtualHost> GrpcHosts(RouteTable routes) =>
        [.. routes.VirtualHosts.Where(h => !h.Name.Contains('*', StringComparison.Ordinal))];

    private ImmutableArray<Listener> GrpcListeners(RouteTable routes) =>
        [.. _apiListeners.MapAll(GrpcHosts(routes), h => h.Name, h => h.Name, (_, name) => ListenerTranslator.ApiListener(name))];

    private ImmutableArray<RouteConfiguration> GrpcRoutes(RouteTable routes)
    {
        var translator = new RouteTranslator(ClustersByName(routes), ResourceFlavor.Grpc);
        var hosts = GrpcHosts(routes);
        var views = _grpcHosts.MapAll(hosts, h => h.Name, translator.PieceOf, (h, _) => translator.Secure(h));
        return [.. views.Select((view, i) => new RouteConfiguration { Name = hosts[i].Name, VirtualHosts = { view } })];
    }

    private static Dictionary<string, UpstreamCluster> ClustersByName(RouteTable routes)
    {
        var byName = new Dictionary<string, UpstreamCluster>(StringComparer.Ordinal);
        foreach (var cluster in routes.Clusters)
        {
            byName.TryAdd(cluster.Name, cluster);
        }

        return byName;
    }

    // The route table lists clusters in name order already, so this is usually one pass of checks.
    private static ImmutableArray<T> SortedByName<T>(T[] items, Func<T, string> name)
    {
        for (var i = 1; i < items.Length; i++)
        {
            if (string.CompareOrdinal(name(items[i - 1]), name(items[i])) > 0)
            {
                return [.. items.OrderBy(name, StringComparer.Ordinal)];
            }
        }

        return ImmutableCollectionsMarshal.AsImmutableArray(items);
    }
}
