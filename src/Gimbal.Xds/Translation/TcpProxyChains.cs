using Envoy.Config.Core.V3;
using Envoy.Config.Listener.V3;
using Gimbal.Core.Routing;
using Google.Protobuf.WellKnownTypes;
using EnvoyTcpProxy = Envoy.Extensions.Filters.Network.TcpProxy.V3.TcpProxy;
using CoreVirtualHost = Gimbal.Core.Routing.VirtualHost;

namespace Gimbal.Xds.Translation;

/// <summary>
/// The ingress_https filter chains Contour adds besides one HTTP chain per TLS host: a tcp_proxy chain
/// per TCP-proxied host (passthrough: no transport socket, the upstream sees the client's handshake;
/// terminated: the host's certificate, then raw bytes), and the fallback-certificate chain for clients
/// that send no SNI name.
/// </summary>
internal static class TcpProxyChains
{
    public const string FallbackRouteConfigName = "ingress_fallbackcert";

    /// <summary>Adds the chains to <paramref name="https"/> (creating the listener when it had none); null when there is still no chain.</summary>
    public static Listener? Extend(Listener? https, RouteTable routes, TranslationOptions options)
    {
        var listener = https ?? ListenerTranslator.NewHttps(options);
        foreach (var host in routes.VirtualHosts)
        {
            if (host.TcpProxy is { Clusters.Count: > 0 } tcp && host.Name != "*" && (tcp.Passthrough || host.Tls is not null))
            {
                listener.FilterChains.Add(TcpChain(host, tcp));
            }
        }

        if (Fallback(routes) is { } fallback)
        {
            listener.FilterChains.Add(fallback);
        }

        return listener.FilterChains.Count == 0 ? null : listener;
    }

    /// <summary>The routes served behind the fallback certificate: every host that opted in, as on its own TLS chain; null when none did.</summary>
    public static Envoy.Config.Route.V3.RouteConfiguration? FallbackRoutes(RouteTable routes, RouteTranslator translator)
    {
        if (routes.FallbackCertificateName is null)
        {
            return null;
        }

        var configuration = new Envoy.Config.Route.V3.RouteConfiguration { Name = FallbackRouteConfigName };
        foreach (var host in FallbackHosts(routes))
        {
            configuration.VirtualHosts.Add(translator.Secure(host));
        }

        return configuration.VirtualHosts.Count == 0 ? null : configuration;
    }

    private static IEnumerable<CoreVirtualHost> FallbackHosts(RouteTable routes) =>
        routes.VirtualHosts.Where(h => h.Tls is { EnableFallbackCertificate: true } && h.TcpProxy is null);

    private static FilterChain TcpChain(CoreVirtualHost host, TcpProxy tcp)
    {
        var proxy = new EnvoyTcpProxy { StatPrefix = (tcp.Passthrough ? "tcp_passthrough/" : "tcp_terminated/") + host.Name };
        if (tcp.Clusters.Count == 1)
        {
            proxy.Cluster = tcp.Clusters[0].ClusterName;
        }
        else
        {
            proxy.WeightedClusters = new EnvoyTcpProxy.Types.WeightedCluster();
            foreach (var cluster in tcp.Clusters)
            {
                proxy.WeightedClusters.Clusters.Add(new EnvoyTcpProxy.Types.WeightedCluster.Types.ClusterWeight
                {
                    Name = cluster.ClusterName,
                    Weight = (uint)Math.Max(1, cluster.Weight),
                });
            }
        }

        var chain = new FilterChain
        {
            FilterChainMatch = new FilterChainMatch { ServerNames = { host.Name } },
            Filters = { new Filter { Name = "envoy.filters.network.tcp_proxy", TypedConfig = Any.Pack(proxy) } },
        };
        if (!tcp.Passthrough)
        {
            var tls = ListenerTranslator.DownstreamTls(host.Tls!);
            // The decrypted bytes go to a TCP service: offering h2 would make HTTP/2 clients speak it to a service that may not.
            tls.CommonTlsContext.AlpnProtocols.Clear();
            chain.TransportSocket = new TransportSocket { Name = "envoy.transport_sockets.tls", TypedConfig = Any.Pack(tls) };
        }

        return chain;
    }

    // Contour: a chain matched by the TLS transport alone (no server_names) catches handshakes without SNI.
    private static FilterChain? Fallback(RouteTable routes)
    {
        if (routes.FallbackCertificateName is not { } name || !FallbackHosts(routes).Any())
        {
            return null;
        }

        return new FilterChain
        {
            FilterChainMatch = new FilterChainMatch { TransportProtocol = "tls" },
            TransportSocket = new TransportSocket
            {
                Name = "envoy.transport_sockets.tls",
                TypedConfig = Any.Pack(ListenerTranslator.DownstreamTls(new TlsBinding { CertificateName = name })),
            },
            Filters = { ListenerTranslator.ConnectionManager(ListenerTranslator.HttpsListenerName, FallbackRouteConfigName) },
        };
    }
}
