using Envoy.Config.Cluster.V3;
using Envoy.Config.Endpoint.V3;
using Envoy.Config.Listener.V3;
using Envoy.Config.Route.V3;
using Envoy.Extensions.Filters.Http.Router.V3;
using Envoy.Extensions.Filters.Listener.TlsInspector.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
using Envoy.Extensions.TransportSockets.Tls.V3;
using Envoy.Service.Discovery.V3;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Gimbal.Xds.Translation;

/// <summary>
/// Envoy's JSON form of resources for debug output and golden files. Private keys are replaced, so
/// nothing printed from here can leak one.
/// </summary>
public static class EnvoyJson
{
    /// <summary>What TLS private keys are replaced with in the JSON.</summary>
    public const string Redacted = "[redacted]";

    /// <summary>Every message type Gimbal packs into an Any.</summary>
    public static TypeRegistry TypeRegistry { get; } = TypeRegistry.FromFiles(
        ClusterReflection.Descriptor,
        EndpointReflection.Descriptor,
        ListenerReflection.Descriptor,
        RouteReflection.Descriptor,
        SecretReflection.Descriptor,
        TlsReflection.Descriptor,
        HttpConnectionManagerReflection.Descriptor,
        RouterReflection.Descriptor,
        TlsInspectorReflection.Descriptor,
        Envoy.Extensions.Filters.Network.TcpProxy.V3.TcpProxyReflection.Descriptor,
        Envoy.Extensions.Upstreams.Http.V3.HttpProtocolOptionsReflection.Descriptor,
        DiscoveryReflection.Descriptor);

    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithTypeRegistry(TypeRegistry));
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Indented JSON (protobuf's own indentation mangles packed Anys, so System.Text.Json indents).</summary>
    public static string Format(IMessage message) =>
        JsonNode.Parse(Formatter.Format(Redact(message)))!.ToJsonString(Indented);

    /// <summary>A copy with every private key replaced; other messages are returned as they are.</summary>
    public static IMessage Redact(IMessage message)
    {
        if (message is Secret { TlsCertificate.PrivateKey: not null } secret)
        {
            var copy = secret.Clone();
            copy.TlsCertificate.PrivateKey = new Envoy.Config.Core.V3.DataSource { InlineString = Redacted };
            return copy;
        }

        return message;
    }
}
