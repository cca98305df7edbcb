using System.Collections.Immutable;
using Envoy.Config.Cluster.V3;
using Envoy.Config.Endpoint.V3;
using Envoy.Extensions.TransportSockets.Tls.V3;
using Envoy.Config.Listener.V3;
using Envoy.Config.Route.V3;
using Gimbal.Core.Routing;

namespace Gimbal.Xds.Translation;

/// <summary>
/// Translates a <see cref="RouteTable"/> and <see cref="EndpointTable"/> into Envoy resources. Pure and
/// deterministic: equal inputs give equal messages in the same order.
/// </summary>
public sealed class EnvoyTranslator
{
    private readonly TranslationOptions _options;

    /// <summary>A translator binding Envoy's listeners where <paramref name="options"/> says.</summary>
    /// <param name="options">Listener address and ports; null uses <see cref="TranslationOptions.Default"/>.</param>
    public EnvoyTranslator(TranslationOptions? options = null) => _options = options ?? TranslationOptions.Default;

    /// <summary>Translates everything; pure, deterministic and thread-safe. Never throws on route content: the compiler already rejected what Envoy could not take.</summary>
    /// <param name="routes">The compiled route table.</param>
    /// <param name="endpoints">The endpoints of its clusters.</param>
    /// <param name="flavor">Envoy resources, or the subset proxyless gRPC clients understand.</param>
    public EnvoyResources Translate(RouteTable routes, EndpointTable endpoints, ResourceFlavor flavor = ResourceFlavor.Envoy)
    {
        // The parts are pure and independent, so they are built side by side; clusters and assignments,
        // most of the work, are also spread over the cores. AsOrdered keeps the route table's (name) order,
        // so the output stays deterministic.
        ImmutableArray<Cluster> clusters = [];
        ImmutableArray<ClusterLoadAssignment> assignments = [];
        ImmutableArray<Secret> secrets = [];
        ImmutableArray<Listener> listeners = [];
        ImmutableArray<RouteConfiguration> routeConfigurations = [];
        Parallel.Invoke(
            () => clusters = [.. routes.Clusters.AsParallel().AsOrdered().Select(c => ClusterTranslator.Translate(c, flavor)).OrderBy(c => c.Name, StringComparer.Ordinal)],
            () => assignments = TranslateEndpoints(routes, endpoints),
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
    [
        .. routes.Clusters
            .AsParallel().AsOrdered()
            .Where(c => string.IsNullOrEmpty(c.ExternalName))
            .Select(c => EndpointTranslator.Translate(c.Name, endpoints.Find(c.Name)))
            .OrderBy(c => c.ClusterName, StringComparer.Ordinal),
    ];

    /// <summary>The assignments of some clusters only (those the route table still has).</summary>
    public ImmutableArray<ClusterLoadAssignment> TranslateEndpoints(RouteTable routes, EndpointTable endpoints, IReadOnlyCollection<string> clusterNames)
    {
        var wanted = clusterNames.ToHashSet(StringComparer.Ordinal);
        return
        [
            .. routes.Clusters
                .Where(c => wanted.Contains(c.Name) && string.IsNullOrEmpty(c.ExternalName))
                .Select(c => EndpointTranslator.Translate(c.Name, endpoints.Find(c.Name))),
        ];
    }

    private ImmutableArray<Listener> EnvoyListeners(RouteTable routes)
    {
        var listeners = ImmutableArray.CreateBuilder<Listener>();
        listeners.Add(ListenerTranslator.Http(_options));
        if (TcpProxyChains.Extend(ListenerTranslator.Https(routes.VirtualHosts, _options), routes, _options) is { } https)
        {
            listeners.Add(https);
        }

        return listeners.ToImmutable();
    }

    private static ImmutableArray<RouteConfiguration> EnvoyRoutes(RouteTable routes)
    {
        var translator = new RouteTranslator(ClustersByName(routes), ResourceFlavor.Envoy);
        var http = new RouteConfiguration { Name = ListenerTranslator.HttpRouteConfigName };
        var result = ImmutableArray.CreateBuilder<RouteConfiguration>();
        foreach (var host in routes.VirtualHosts)
        {
            var insecure = translator.Insecure(host);
            if (insecure.Routes.Count > 0)
            {
                http.VirtualHosts.Add(insecure);
            }

            if (host.Tls is not null && host.TcpProxy is null)
            {
                result.Add(new RouteConfiguration
                {
                    Name = ListenerTranslator.HttpsRouteConfigName(host.Name),
                    VirtualHosts = { translator.Secure(host) },
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
    private static IEnumerable<Core.Routing.VirtualHost> GrpcHosts(RouteTable routes) =>
        routes.VirtualHosts.Where(h => !h.Name.Contains('*', StringComparison.Ordinal));

    private static ImmutableArray<Listener> GrpcListeners(RouteTable routes) =>
        [.. GrpcHosts(routes).Select(h => ListenerTranslator.ApiListener(h.Name))];

    private static ImmutableArray<RouteConfiguration> GrpcRoutes(RouteTable routes)
    {
        var translator = new RouteTranslator(ClustersByName(routes), ResourceFlavor.Grpc);
        return [.. GrpcHosts(routes).Select(h => new RouteConfiguration { Name = h.Name, VirtualHosts = { translator.Secure(h) } })];
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
}
