using Envoy.Config.Core.V3;
using Envoy.Config.Listener.V3;
using Envoy.Extensions.Filters.Http.Router.V3;
using Envoy.Extensions.Filters.Listener.TlsInspector.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
using Envoy.Extensions.TransportSockets.Tls.V3;
using Gimbal.Core.Routing;
using Google.Protobuf.WellKnownTypes;
using CoreVirtualHost = Gimbal.Core.Routing.VirtualHost;

namespace Gimbal.Xds.Translation;

/// <summary>Listeners: Contour's ingress_http / ingress_https for Envoy, one api_listener per host for gRPC.</summary>
internal static class ListenerTranslator
{
    public const string HttpListenerName = "ingress_http";
    public const string HttpsListenerName = "ingress_https";
    public const string HttpRouteConfigName = "ingress_http";

    public static string HttpsRouteConfigName(string host) => "https/" + host;

    public static Listener Http(TranslationOptions options) => new()
    {
        Name = HttpListenerName,
        Address = SocketAddressOf(options.ListenAddress, options.HttpPort),
        FilterChains = { new FilterChain { Filters = { ConnectionManager(HttpListenerName, HttpRouteConfigName) } } },
    };

    /// <summary>One filter chain per SNI name, in host order (null entries skipped); null when there is none.</summary>
    public static Listener? Https(IEnumerable<FilterChain?> chains, TranslationOptions options)
    {
        var listener = NewHttps(options);
        foreach (var chain in chains)
        {
            if (chain is not null)
            {
                listener.FilterChains.Add(chain);
            }
        }

        return listener.FilterChains.Count == 0 ? null : listener;
    }

    /// <summary>The filter chain of a TLS host; null for a host without TLS (hosts with a TCP proxy get theirs from <see cref="TcpProxyChains"/>).</summary>
    public static FilterChain? HttpsChain(string host, TlsBinding? tls)
    {
        if (tls is null)
        {
            return null;
        }

        var chain = new FilterChain
        {
            TransportSocket = new TransportSocket
            {
                Name = "envoy.transport_sockets.tls",
                TypedConfig = Any.Pack(DownstreamTls(tls)),
            },
            Filters = { ConnectionManager(HttpsListenerName, HttpsRouteConfigName(host)) },
        };
        if (host != "*")
        {
            chain.FilterChainMatch = new FilterChainMatch { ServerNames = { host } };
        }

        return chain;
    }

    /// <summary>ingress_https without filter chains: the TLS inspector reads SNI for the chains' server_names.</summary>
    public static Listener NewHttps(TranslationOptions options) => new()
    {
        Name = HttpsListenerName,
        Address = SocketAddressOf(options.ListenAddress, options.HttpsPort),
        ListenerFilters =
        {
            new ListenerFilter { Name = "envoy.filters.listener.tls_inspector", TypedConfig = Any.Pack(new TlsInspector()) },
        },
    };

    /// <summary>What a proxyless gRPC client resolving xds:///host reads: HCM with RDS over ADS, router last.</summary>
    public static Listener ApiListener(string host) => new()
    {
        Name = host,
        ApiListener = new ApiListener
        {
            ApiListener_ = Any.Pack(new HttpConnectionManager
            {
                StatPrefix = host,
                Rds = new Rds { RouteConfigName = host, ConfigSource = ConfigSources.Ads() },
                HttpFilters = { RouterFilter() },
            }),
        },
    };

    internal static Filter ConnectionManager(string statPrefix, string routeConfigName)
    {
        var manager = new HttpConnectionManager
        {
            StatPrefix = statPrefix,
            CodecType = HttpConnectionManager.Types.CodecType.Auto,
            Rds = new Rds { RouteConfigName = routeConfigName, ConfigSource = ConfigSources.Ads() },
            HttpFilters = { RouterFilter() },
            UseRemoteAddress = true,
            NormalizePath = true,
            MergeSlashes = true,
        };
        return new Filter { Name = "envoy.filters.network.http_connection_manager", TypedConfig = Any.Pack(manager) };
    }

    private static HttpFilter RouterFilter() => new() { Name = "envoy.filters.http.router", TypedConfig = Any.Pack(new Router()) };

    internal static DownstreamTlsContext DownstreamTls(TlsBinding tls) => new()
    {
        CommonTlsContext = new CommonTlsContext
        {
            TlsParams = new TlsParameters
            {
                TlsMinimumProtocolVersion = tls.MinimumProtocolVersion == "1.3"
                    ? TlsParameters.Types.TlsProtocol.Tlsv13
                    : TlsParameters.Types.TlsProtocol.Tlsv12,
                TlsMaximumProtocolVersion = TlsParameters.Types.TlsProtocol.Tlsv13,
            },
            TlsCertificateSdsSecretConfigs = { new SdsSecretConfig { Name = tls.CertificateName, SdsConfig = ConfigSources.Ads() } },
            AlpnProtocols = { "h2", "http/1.1" },
        },
    };

    private static Address SocketAddressOf(string address, int port) => new()
    {
        SocketAddress = new SocketAddress { Address = address, PortValue = (uint)port, Protocol = SocketAddress.Types.Protocol.Tcp },
    };
}
