using Gimbal.Core.Collections;
using Gimbal.Core.Diagnostics;
using Gimbal.Core.Kubernetes;
using Gimbal.Core.Routing;

namespace Gimbal.Core.Compilation.EndpointTables;

/// <summary>Builds and updates the <see cref="EndpointTable"/> for the clusters of a route table.</summary>
internal static class EndpointTableBuilder
{
    public static EndpointTable Build(EquatableArray<UpstreamCluster> clusters, SnapshotIndex index, DiagnosticBag diagnostics)
    {
        // Variants of one Service port (different options) share one endpoint list.
        var byService = new Dictionary<ServiceRef, EquatableArray<LbEndpoint>>(clusters.Count);
        var scratch = new EndpointScratch();
        var entries = new List<ClusterEndpoints>(clusters.Count);
        foreach (var cluster in clusters)
        {
            if (!byService.TryGetValue(cluster.Service, out var endpoints))
            {
                endpoints = cluster.ExternalName is not null
                    ? EquatableArray<LbEndpoint>.Empty
                    : Build(cluster.Service, index, diagnostics, scratch);
                byService[cluster.Service] = endpoints;
            }

            entries.Add(new ClusterEndpoints { ClusterName = cluster.Name, Endpoints = endpoints });
        }

        return EndpointTable.Create(entries);
    }

    /// <summary>
    /// Recomputes the clusters of the given Services only. Cluster names start with
    /// "namespace/service/" and the table's clusters are sorted, so a binary search finds them
    /// without an index that would have to be kept alongside the table.
    /// </summary>
    public static EndpointTable Update(EndpointTable previous, EquatableArray<UpstreamCluster> clusters, IEnumerable<ServiceEndpoints> changes)
    {
        var table = previous;
        var array = clusters.AsImmutableArray();
        var scratch = new EndpointScratch();
        foreach (var change in changes)
        {
            if (change is null)
            {
                continue;
            }

            var prefix = change.Namespace + "/" + change.Name + "/";
            var first = LowerBound(array, prefix);
            var computed = new Dictionary<ServiceRef, EquatableArray<LbEndpoint>>();
            for (var i = first; i < array.Length && array[i].Name.StartsWith(prefix, StringComparison.Ordinal); i++)
            {
                var cluster = array[i];
                if (!computed.TryGetValue(cluster.Service, out var list))
                {
                    list = cluster.ExternalName is not null
                        ? EquatableArray<LbEndpoint>.Empty
                        : EndpointBuilder.Build(cluster.Service, change.Service, change.Endpoints, change.Slices ?? [], diagnostics: null, scratch);
                    computed[cluster.Service] = list;
                }

                table = table.With(new ClusterEndpoints { ClusterName = cluster.Name, Endpoints = list });
            }
        }

        return table;
    }

    private static EquatableArray<LbEndpoint> Build(ServiceRef target, SnapshotIndex index, DiagnosticBag diagnostics, EndpointScratch scratch)
    {
        var key = (target.Namespace, target.Name);
        index.Services.TryGetValue(key, out var service);
        index.Endpoints.TryGetValue(key, out var endpoints);
        IReadOnlyList<EndpointSlice> slices = index.Slices.TryGetValue(key, out var list) ? list : [];
        return EndpointBuilder.Build(target, service, endpoints, slices, diagnostics, scratch);
    }

    private static int LowerBound(System.Collections.Immutable.ImmutableArray<UpstreamCluster> clusters, string prefix)
    {
        int lo = 0, hi = clusters.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (string.CompareOrdinal(clusters[mid].Name, prefix) < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
