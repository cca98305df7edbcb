using System.Text.Json.Nodes;
using Envoy.Config.Cluster.V3;
using Envoy.Config.Listener.V3;
using Envoy.Extensions.TransportSockets.Tls.V3;
using Gimbal.ControlPlane.Bootstrap;
using Gimbal.Xds.Tests.Validation;
using Gimbal.Xds.Translation;
using Google.Protobuf;

namespace Gimbal.Xds.Tests.ControlPlane;

/// <summary>The Envoy bootstrap `gimbal-control-plane bootstrap` writes, read back as Envoy would read it.</summary>
public sealed class BootstrapTests
{
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithTypeRegistry(EnvoyJson.TypeRegistry));

    [Fact]
    public void Everything_dynamic_comes_over_ads_from_the_control_plane_with_mtls()
    {
        var json = JsonNode.Parse(BootstrapWriter.Write(new BootstrapOptions
        {
            XdsAddress = "gimbal-control-plane.gimbal-contour.svc",
            XdsPort = 8001,
            CaFile = "/certs/ca.crt",
            CertFile = "/certs/tls.crt",
            KeyFile = "/certs/tls.key",
        }))!;

        var dynamic = json["dynamicResources"]!;
        Assert.Equal("GRPC", (string?)dynamic["adsConfig"]!["apiType"]);
        Assert.Equal(BootstrapWriter.XdsClusterName, (string?)dynamic["adsConfig"]!["grpcServices"]![0]!["envoyGrpc"]!["clusterName"]);
        Assert.NotNull(dynamic["cdsConfig"]!["ads"]);
        Assert.NotNull(dynamic["ldsConfig"]!["ads"]);
        Assert.Equal("127.0.0.1", (string?)json["admin"]!["address"]!["socketAddress"]!["address"]);

        var xds = Parser.Parse<Cluster>(json["staticResources"]!["clusters"]![0]!.ToJsonString());
        var address = xds.LoadAssignment.Endpoints[0].LbEndpoints[0].Endpoint.Address.SocketAddress;
        Assert.Equal(("gimbal-control-plane.gimbal-contour.svc", 8001u), (address.Address, address.PortValue));
        Assert.Equal(Cluster.Types.DiscoveryType.StrictDns, xds.Type);
        var tls = xds.TransportSocket.TypedConfig.Unpack<UpstreamTlsContext>();
        Assert.Equal("/certs/ca.crt", tls.CommonTlsContext.ValidationContext.TrustedCa.Filename);
        Assert.Equal("/certs/tls.key", tls.CommonTlsContext.TlsCertificates[0].PrivateKey.Filename);
        Assert.True(xds.TypedExtensionProtocolOptions.ContainsKey("envoy.extensions.upstreams.http.v3.HttpProtocolOptions"), "xDS is gRPC: HTTP/2 to the control plane");

        var stats = Parser.Parse<Listener>(json["staticResources"]!["listeners"]![0]!.ToJsonString());
        Assert.Equal(8002u, stats.Address.SocketAddress.PortValue);
        Assert.Empty(PgvValidator.Validate(xds));
        Assert.Empty(PgvValidator.Validate(stats));
    }

    [Fact]
    public void Without_certificate_files_the_control_plane_is_reached_in_cleartext()
    {
        var json = JsonNode.Parse(BootstrapWriter.Write(new BootstrapOptions { StatsPort = 0 }))!;

        var xds = Parser.Parse<Cluster>(json["staticResources"]!["clusters"]![0]!.ToJsonString());
        Assert.Null(xds.TransportSocket);
        Assert.Single(json["staticResources"]!["clusters"]!.AsArray());
        Assert.Empty(json["staticResources"]!["listeners"]!.AsArray());
    }
}
