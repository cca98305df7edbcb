using System.Collections.Immutable;
using Gimbal.Core.Collections;

namespace Gimbal.Core.Routing;

/// <summary>
/// Endpoints per cluster, apart from the <see cref="RouteTable"/> because they change far
/// more often: an endpoint-only change replaces entries here and leaves the route table untouched.
/// </summary>
public sealed class EndpointTable
{
    private EndpointTable(ImmutableSortedDictionary<string, ClusterEndpoints> clusters) => Clusters = clusters;

    /// <summary>A table with no clusters.</summary>
    public static EndpointTable Empty { get; } = new(ImmutableSortedDictionary.Create<string, ClusterEndpoints>(StringComparer.Ordinal));

    /// <summary>Keyed by <see cref="UpstreamCluster.Name"/>, ordinal order.</summary>
    public ImmutableSortedDictionary<string, ClusterEndpoints> Clusters { get; }

    /// <summary>A table of <paramref name="clusters"/>; when two share a name, the later wins.</summary>
    /// <param name="clusters">The clusters' endpoints, in any order.</param>
    public static EndpointTable Create(IEnumerable<ClusterEndpoints> clusters)
    {
        // A builder fills the tree in place; adding to the immutable dictionary one by one copies a path per item.
        var builder = ImmutableSortedDictionary.CreateBuilder<string, ClusterEndpoints>(StringComparer.Ordinal);
        foreach (var cluster in clusters)
        {
            builder[cluster.ClusterName] = cluster;
        }

        return new(builder.ToImmutable());
    }

    /// <summary>The endpoints of <paramref name="clusterName"/>; null when the table has none for it.</summary>
    /// <param name="clusterName">An <see cref="UpstreamCluster.Name"/>.</param>
    public ClusterEndpoints? Find(string clusterName) => Clusters.TryGetValue(clusterName, out var c) ? c : null;

    /// <summary>A table with one cluster's endpoints replaced (or added).</summary>
    public EndpointTable With(ClusterEndpoints cluster) => new(Clusters.SetItem(cluster.ClusterName, cluster));

    /// <summary>A table without the named cluster.</summary>
    public EndpointTable Without(string clusterName) => new(Clusters.Remove(clusterName));
}

/// <summary>The endpoints of one cluster, sorted by address then port.</summary>
public sealed record ClusterEndpoints
{
    /// <summary>The <see cref="UpstreamCluster.Name"/> these endpoints belong to.</summary>
    public required string ClusterName { get; init; }

    /// <summary>The endpoints, ready and not ready, sorted by address then port; empty when the Service has none.</summary>
    public EquatableArray<LbEndpoint> Endpoints { get; init; } = EquatableArray<LbEndpoint>.Empty;
}

/// <summary>One upstream address.</summary>
public sealed record LbEndpoint
{
    /// <summary>The IPv4 or IPv6 address (no brackets).</summary>
    public required string Address { get; init; }

    /// <summary>The port the upstream serves on (the Service's target port).</summary>
    public required int Port { get; init; }

    /// <summary>Not-ready endpoints are kept so data planes can report them, but never get traffic.</summary>
    public bool Ready { get; init; } = true;

    /// <summary>Relative weight among the cluster's endpoints (1 = default).</summary>
    public int Weight { get; init; } = 1;

    /// <summary>Where the endpoint came from: the discoverer backend (upstream cluster) and zone.</summary>
    public EndpointLocality Locality { get; init; } = EndpointLocality.Local;

    /// <summary>The endpoint's hostname from Endpoints or EndpointSlices, when it has one.</summary>
    public string? Hostname { get; init; }
}

/// <summary>Backend (the mirrored upstream cluster, from the gimbal.projectcontour.io/backend label) and zone.</summary>
/// <param name="Backend">The discoverer backend the endpoint was mirrored from; null for endpoints of the Gimbal cluster itself.</param>
/// <param name="Zone">The endpoint's zone, from its EndpointSlice; null when unknown.</param>
public sealed record EndpointLocality(string? Backend, string? Zone)
{
    /// <summary>No backend and no zone: an endpoint of the Gimbal cluster itself.</summary>
    public static EndpointLocality Local { get; } = new(null, null);
}
