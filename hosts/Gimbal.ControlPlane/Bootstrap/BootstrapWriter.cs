using System.Text.Json.Nodes;
using Envoy.Config.Cluster.V3;
using Envoy.Config.Core.V3;
using Envoy.Config.Endpoint.V3;
using Envoy.Config.Listener.V3;
using Envoy.Config.Route.V3;
using Envoy.Extensions.Filters.Http.Router.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
using Envoy.Extensions.TransportSockets.Tls.V3;
using Gimbal.Xds.Translation;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using UpstreamHttpProtocolOptions = Envoy.Extensions.Upstreams.Http.V3.HttpProtocolOptions;

namespace Gimbal.ControlPlane.Bootstrap;

/// <summary>
/// Envoy's bootstrap: everything dynamic over ADS to the control plane (cluster "gimbal-xds", HTTP/2,
/// TLS/mTLS when files are given), admin on loopback, and a stats listener that exposes only
/// /ready and /stats/prometheus. The static cluster and listener are built as Envoy messages, so
/// they are exactly what Envoy parses.
/// </summary>
public static class BootstrapWriter
{
    public const string XdsClusterName = "gimbal-xds";
    public const string AdminClusterName = "envoy-admin";
    public const string StatsListenerName = "stats-health";

    public static string Write(BootstrapOptions options)
    {
        var formatter = new JsonFormatter(JsonFormatter.Settings.Default.WithTypeRegistry(EnvoyJson.TypeRegistry));
        var clusters = new JsonArray(JsonNode.Parse(formatter.Format(XdsCluster(options))));
        var listeners = new JsonArray();
        if (options.StatsPort > 0)
        {
            clusters.Add(JsonNode.Parse(formatter.Format(AdminCluster(options))));
            listeners.Add(JsonNode.Parse(formatter.Format(StatsListener(options))));
        }

        var ads = new JsonObject { ["ads"] = new JsonObject(), ["resourceApiVersion"] = "V3" };
        var bootstrap = new JsonObject
        {
            ["node"] = new JsonObject { ["cluster"] = options.NodeCluster },
            ["dynamicResources"] = new JsonObject
            {
                ["adsConfig"] = new JsonObject
                {
                    ["apiType"] = "GRPC",
                    ["transportApiVersion"] = "V3",
                    ["grpcServices"] = new JsonArray(new JsonObject { ["envoyGrpc"] = new JsonObject { ["clusterName"] = XdsClusterName } }),
                },
                ["cdsConfig"] = ads.DeepClone(),
                ["ldsConfig"] = ads.DeepClone(),
            },
            ["staticResources"] = new JsonObject { ["clusters"] = clusters, ["listeners"] = listeners },
            ["admin"] = new JsonObject { ["address"] = JsonNode.Parse(formatter.Format(SocketAddress(options.AdminAddress, options.AdminPort))) },
        };
        return bootstrap.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
    }

    public static Cluster XdsCluster(BootstrapOptions options)
    {
        var cluster = StaticCluster(XdsClusterName, options.XdsAddress, options.XdsPort, Cluster.Types.DiscoveryType.StrictDns, TimeSpan.FromSeconds(5));
        var http2 = new UpstreamHttpProtocolOptions
        {
            ExplicitHttpConfig = new UpstreamHttpProtocolOptions.Types.ExplicitHttpConfig { Http2ProtocolOptions = new Http2ProtocolOptions() },
        };
        cluster.TypedExtensionProtocolOptions.Add("envoy.extensions.upstreams.http.v3.HttpProtocolOptions", Any.Pack(http2));
        if (options.CaFile is not null || options.CertFile is not null)
        {
            var common = new CommonTlsContext();
            if (options.CertFile is not null && options.KeyFile is not null)
            {
                common.TlsCertificates.Add(new TlsCertificate
                {
                    CertificateChain = new DataSource { Filename = options.CertFile },
                    PrivateKey = new DataSource { Filename = options.KeyFile },
                });
            }

            if (options.CaFile is not null)
            {
                common.ValidationContext = new CertificateValidationContext { TrustedCa = new DataSource { Filename = options.CaFile } };
            }

            cluster.TransportSocket = new TransportSocket { Name = "envoy.transport_sockets.tls", TypedConfig = Any.Pack(new UpstreamTlsContext { CommonTlsContext = common }) };
        }

        return cluster;
    }

    private static Cluster AdminCluster(BootstrapOptions options) =>
        StaticCluster(AdminClusterName, options.AdminAddress, options.AdminPort, Cluster.Types.DiscoveryType.Static, TimeSpan.FromMilliseconds(250));

    public static Listener StatsListener(BootstrapOptions options)
    {
        var routes = new RouteConfiguration
        {
            VirtualHosts =
            {
                new Envoy.Config.Route.V3.VirtualHost
                {
                    Name = "stats",
                    Domains = { "*" },
                    Routes =
                    {
                        new Envoy.Config.Route.V3.Route { Match = new RouteMatch { Path = "/ready" }, Route_ = new RouteAction { Cluster = AdminClusterName } },
                        new Envoy.Config.Route.V3.Route { Match = new RouteMatch { Path = "/stats/prometheus" }, Route_ = new RouteAction { Cluster = AdminClusterName } },
                    },
                },
            },
        };
        var manager = new HttpConnectionManager
        {
            StatPrefix = StatsListenerName,
            CodecType = HttpConnectionManager.Types.CodecType.Auto,
            RouteConfig = routes,
            HttpFilters = { new HttpFilter { Name = "envoy.filters.http.router", TypedConfig = Any.Pack(new Router()) } },
        };
        return new Listener
        {
            Name = StatsListenerName,
            Address = SocketAddress("0.0.0.0", options.StatsPort),
            FilterChains = { new FilterChain { Filters = { new Envoy.Config.Listener.V3.Filter { Name = "envoy.filters.network.http_connection_manager", TypedConfig = Any.Pack(manager) } } } },
        };
    }

    private static Cluster StaticCluster(string name, string address, int port, Cluster.Types.DiscoveryType type, TimeSpan connectTimeout) => new()
    {
        Name = name,
        Type = type,
        ConnectTimeout = Duration.FromTimeSpan(connectTimeout),
        LoadAssignment = new ClusterLoadAssignment
        {
            ClusterName = name,
            Endpoints = { new LocalityLbEndpoints { LbEndpoints = { new LbEndpoint { Endpoint = new Envoy.Config.Endpoint.V3.Endpoint { Address = SocketAddress(address, port) } } } } },
        },
    };

    private static Address SocketAddress(string address, int port) =>
        new() { SocketAddress = new SocketAddress { Address = address, PortValue = (uint)port } };
}
