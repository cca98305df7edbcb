using Envoy.Config.Core.V3;
using Envoy.Config.Route.V3;
using Envoy.Type.V3;
using Gimbal.Core.Routing;
using EnvoyRouteAction = Envoy.Config.Route.V3.RouteAction;
using EnvoyWeightedCluster = Envoy.Config.Route.V3.WeightedCluster;

namespace Gimbal.Xds.Translation;

/// <summary>
/// The HTTPProxy forward features beyond a plain weighted split: per-service header policies on
/// weighted_clusters entries and request mirrors. Envoy flavor only: proxyless gRPC clients ignore both.
/// </summary>
internal static class ForwardFeatures
{
    /// <summary>A single cluster still needs weighted_clusters when it carries its own header policies.</summary>
    public static bool NeedsWeightedClusters(ForwardAction forward, ResourceFlavor flavor) =>
        flavor == ResourceFlavor.Envoy && forward.Clusters.Any(HasHeaders);

    /// <summary>Whether a route configuration carries per-cluster header policies (see <see cref="RouteConfiguration.MostSpecificHeaderMutationsWins"/>).</summary>
    public static bool HasClusterHeaders(RouteConfiguration configuration) =>
        configuration.VirtualHosts.Any(v => v.Routes.Any(r => r.Route_?.WeightedClusters is { } w && w.Clusters.Any(HasHeaders)));

    public static EnvoyWeightedCluster.Types.ClusterWeight ClusterWeight(Core.Routing.WeightedCluster cluster, ResourceFlavor flavor)
    {
        var result = new EnvoyWeightedCluster.Types.ClusterWeight { Name = cluster.ClusterName, Weight = (uint)Math.Max(0, cluster.Weight) };
        if (flavor != ResourceFlavor.Envoy)
        {
            return result;
        }

        if (cluster.RequestHeaders is { } request)
        {
            result.RequestHeadersToAdd.AddRange(request.Set.Select(Overwrite));
            result.RequestHeadersToRemove.AddRange(request.Remove);
        }

        if (cluster.ResponseHeaders is { } response)
        {
            result.ResponseHeadersToAdd.AddRange(response.Set.Select(Overwrite));
            result.ResponseHeadersToRemove.AddRange(response.Remove);
        }

        return result;
    }

    /// <summary>request_mirror_policies; a share below 100% becomes a runtime fraction (Envoy adds "-shadow" to the mirrored Host).</summary>
    public static void AddMirrors(EnvoyRouteAction action, ForwardAction forward, ResourceFlavor flavor)
    {
        if (flavor != ResourceFlavor.Envoy)
        {
            return;
        }

        foreach (var mirror in forward.Mirrors)
        {
            var policy = new EnvoyRouteAction.Types.RequestMirrorPolicy { Cluster = mirror.ClusterName };
            if (mirror.Percent is > 0 and < 100)
            {
                policy.RuntimeFraction = new RuntimeFractionalPercent
                {
                    DefaultValue = new FractionalPercent { Numerator = (uint)mirror.Percent, Denominator = FractionalPercent.Types.DenominatorType.Hundred },
                };
            }

            action.RequestMirrorPolicies.Add(policy);
        }
    }

    private static bool HasHeaders(Core.Routing.WeightedCluster cluster) => cluster.RequestHeaders is not null || cluster.ResponseHeaders is not null;

    private static bool HasHeaders(EnvoyWeightedCluster.Types.ClusterWeight cluster) =>
        cluster.RequestHeadersToAdd.Count + cluster.RequestHeadersToRemove.Count + cluster.ResponseHeadersToAdd.Count + cluster.ResponseHeadersToRemove.Count > 0;

    private static HeaderValueOption Overwrite(Core.Routing.HeaderValue header) => new()
    {
        Header = new Envoy.Config.Core.V3.HeaderValue { Key = header.Name, Value = header.Value },
        AppendAction = HeaderValueOption.Types.HeaderAppendAction.OverwriteIfExistsOrAdd,
    };
}
