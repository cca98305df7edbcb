using System.Text.Json;
using Gimbal.Core.Routing;

namespace Gimbal.Yarp.Translation;

/// <summary>
/// What Gimbal knows about a YARP route beyond YARP's own config: the Gimbal route it came from,
/// its virtual host and its position there. It travels inside <c>RouteConfig.Metadata</c> (as JSON)
/// so the endpoint YARP builds and the matcher that selects it always come from the same config
/// snapshot; a side table could disagree with YARP's endpoints while a change is being applied.
/// </summary>
/// <param name="VirtualHost">The virtual host's name, e.g. "www.example.com" or "*.example.com".</param>
/// <param name="HostHasTls">Whether the virtual host serves TLS.</param>
/// <param name="Index">The route's position among its host's routes (earlier wins).</param>
/// <param name="Route">The Gimbal route.</param>
/// <param name="ClusterId">The YARP cluster it forwards to; null for routes that redirect or answer directly.</param>
/// <param name="HttpsIsTcpProxied">The host's HTTPS connections are TCP-proxied, so its routes serve plain HTTP only.</param>
/// <param name="ServedWithoutSni">HTTPS requests on connections without SNI may use the route (false when the table has a fallback certificate this host did not enable).</param>
public sealed record RouteDescriptor(
    string VirtualHost, bool HostHasTls, int Index, Route Route, string? ClusterId, bool HttpsIsTcpProxied = false, bool ServedWithoutSni = true)
{
    internal const string MetadataKey = "gimbal.route";

    internal string ToJson() => JsonSerializer.Serialize(this, YarpJson.Options);

    internal static RouteDescriptor? FromMetadata(IReadOnlyDictionary<string, string>? metadata) =>
        metadata is not null && metadata.TryGetValue(MetadataKey, out var json)
            ? JsonSerializer.Deserialize<RouteDescriptor>(json, YarpJson.Options)
            : null;
}
