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

    public static List<RouteConfig> Translate(RouteTable table)
    {
        var clusters = table.Clusters.ToDictionary(c => c.Name, StringComparer.Ordinal);
        var result = new List<RouteConfig>();
        foreach (var host in table.VirtualHosts)
        {
            for (var i = 0; i < host.Routes.Count; i++)
            {
                var route = host.Routes[i];
                var clusterId = route.Action.Forward is { } forward ? ClusterTranslator.ClusterIdFor(forward, clusters) : null;
                var descriptor = new RouteDescriptor(host.Name, host.Tls is not null, i, route, clusterId);
                result.Add(new RouteConfig
                {
                    RouteId = $"{host.Name}#{i}",
                    // YARP answers 503 itself for a route without a cluster, before any pipeline
                    // middleware runs; the empty cluster lets RouteActionMiddleware answer instead.
                    ClusterId = clusterId ?? ClusterTranslator.NoClusterId,
                    Order = i,
                    Match = new global::Yarp.ReverseProxy.Configuration.RouteMatch { Path = CatchAllPath },
                    Metadata = new Dictionary<string, string> { [RouteDescriptor.MetadataKey] = descriptor.ToJson() },
                    Timeout = route.Action.Forward?.Timeouts?.Request is { } t && t > TimeSpan.Zero ? t : null,
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
        foreach (var set in forward.RequestHeaders?.Set ?? EquatableArray<HeaderValue>.Empty)
        {
            transforms.Add(new() { ["RequestHeader"] = set.Name, ["Set"] = set.Value });
        }

        foreach (var name in forward.RequestHeaders?.Remove ?? EquatableArray<string>.Empty)
        {
            transforms.Add(new() { ["RequestHeaderRemove"] = name });
        }

        foreach (var set in forward.ResponseHeaders?.Set ?? EquatableArray<HeaderValue>.Empty)
        {
            transforms.Add(new() { ["ResponseHeader"] = set.Name, ["Set"] = set.Value, ["When"] = "Always" });
        }

        foreach (var name in forward.ResponseHeaders?.Remove ?? EquatableArray<string>.Empty)
        {
            transforms.Add(new() { ["ResponseHeaderRemove"] = name, ["When"] = "Always" });
        }

        return transforms.Count == 0 ? null : transforms;
    }
}
