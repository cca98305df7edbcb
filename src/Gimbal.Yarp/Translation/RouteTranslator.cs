using Gimbal.Core.Collections;
using Gimbal.Core.Routing;
using Yarp.ReverseProxy.Configuration;

namespace Gimbal.Yarp.Translation;

/// <summary>
/// Gimbal routes to YARP routes. Every YARP route matches every path of every host: which one serves
/// a request is decided by <see cref="Matching.GimbalMatcherPolicy"/> with the same rules as the Envoy
/// translation, because ASP.NET Core's own host and path matching differ (case-insensitive paths,
/// multi-label wildcards, its own precedence).
/// </summary>
internal static class RouteTranslator
{
    public const string CatchAllPath = "/{**gimbal-path}";

    public static List<RouteConfig> Translate(RouteTable table) => Translate(table, descriptors: null);

    /// <summary>Also collects every route's descriptor into <paramref name="descriptors"/> (for the fast lane).</summary>
    public static List<RouteConfig> Translate(RouteTable table, List<RouteDescriptor>? descriptors)
    {
        var clusters = ClusterTranslator.ByName(table);
        var result = new List<RouteConfig>();

        // YARP rejects a whole config for one invalid part, so anything it would reject is left
        // out here (first virtual host of a name wins, invalid header names are skipped).
        foreach (var host in table.VirtualHosts.DistinctBy(h => h.Name, StringComparer.Ordinal))
        {
            for (var i = 0; i < host.Routes.Count; i++)
            {
                var route = host.Routes[i];
                var clusterId = route.Action.Forward is { } forward ? ClusterTranslator.ClusterIdFor(forward, clusters) : null;
                var descriptor = new RouteDescriptor(
                    host.Name,
                    // A passthrough host has no Tls of ours but is still a TLS host: plain HTTP redirects or is denied.
                    host.Tls is not null || host.TcpProxy is not null,
                    i,
                    route,
                    clusterId,
                    HttpsIsTcpProxied: host.TcpProxy is not null,
                    ServedWithoutSni: table.FallbackCertificateName is null || host.Tls?.EnableFallbackCertificate == true);
                descriptors?.Add(descriptor);
                result.Add(new RouteConfig
                {
                    RouteId = $"{host.Name}#{i}",
                    // YARP answers 503 itself for a route without a cluster, before any pipeline
                    // middleware runs; the empty cluster lets RouteActionMiddleware answer instead.
                    ClusterId = clusterId ?? ClusterTranslator.NoClusterId,
                    Order = i,
                    Match = new global::Yarp.ReverseProxy.Configuration.RouteMatch { Path = CatchAllPath },
                    Metadata = new Dictionary<string, string> { [RouteDescriptor.MetadataKey] = descriptor.ToJson() },
                    Transforms = Transforms(route.Action.Forward),
                });
            }
        }

        return result;
    }

    private static List<Dictionary<string, string>>? Transforms(ForwardAction? forward)
    {
        if (forward is null)
        {
            return null;
        }

        var transforms = new List<Dictionary<string, string>>();
        foreach (var set in (forward.RequestHeaders?.Set ?? EquatableArray<HeaderValue>.Empty).Where(h => IsToken(h.Name)))
        {
            transforms.Add(new() { ["RequestHeader"] = set.Name, ["Set"] = set.Value });
        }

        foreach (var name in (forward.RequestHeaders?.Remove ?? EquatableArray<string>.Empty).Where(IsToken))
        {
            transforms.Add(new() { ["RequestHeaderRemove"] = name });
        }

        foreach (var set in (forward.ResponseHeaders?.Set ?? EquatableArray<HeaderValue>.Empty).Where(h => IsToken(h.Name)))
        {
            transforms.Add(new() { ["ResponseHeader"] = set.Name, ["Set"] = set.Value, ["When"] = "Always" });
        }

        foreach (var name in (forward.ResponseHeaders?.Remove ?? EquatableArray<string>.Empty).Where(IsToken))
        {
            transforms.Add(new() { ["ResponseHeaderRemove"] = name, ["When"] = "Always" });
        }

        return transforms.Count == 0 ? null : transforms;
    }

    /// <summary>An HTTP header name (RFC 9110 token).</summary>
    private static bool IsToken(string name) =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal));
}
