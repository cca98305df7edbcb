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

    public static EndpointTable Empty { get; } = new(ImmutableSortedDictionary.Create<string, ClusterEndpoints>(StringComparer.Ordinal));

    /// <summary>Keyed by <see cref="UpstreamCluster.Name"/>, ordinal order.</summary>
    public ImmutableSortedDictionary<string, ClusterEndpoints> Clusters { get; }

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

    public ClusterEndpoints? Find(string clusterName) => Clusters.TryGetValue(clusterName, out var c) ? c : null;

    /// <summary>A table with one cluster's endpoints replaced (or added).</summary>
    public EndpointTable With(ClusterEndpoints cluster) => new(Clusters.SetItem(cluster.ClusterName, cluster));

    /// <summary>A table without the named cluster.</summary>
    public EndpointTable Without(string clusterName) => new(Clusters.Remove(clusterName));
}

/// <summary>The endpoints of one cluster, sorted by address then port.</summary>
public sealed record ClusterEndpoints
{
    public required string ClusterName { get; init; }

    public EquatableArray<LbEndpoint> Endpoints { get; init; } = EquatableArray<LbEndpoint>.Empty;
}

/// <summary>One upstream address.</summary>
public sealed record LbEndpoint
{
    public required string Address { get; init; }

    public required int Port { get; init; }

    /// <summary>Not-ready endpoints are kept so data planes can report them, but never get traffic.</summary>
    public bool Ready { get; init; } = true;

    /// <summary>Relative weight among the cluster's endpoints (1 = default).</summary>
    public int Weight { get; init; } = 1;

    /// <summary>Where the endpoint came from: the discoverer backend (upstream cluster) and zone.</summary>
    public EndpointLocality Locality { get; init; } = EndpointLocality.Local;

    public string? Hostname { get; init; }
}

/// <summary>Backend (the mirrored upstream cluster, from the gimbal.projectcontour.io/backend label) and zone.</summary>
public sealed record EndpointLocality(string? Backend, string? Zone)
{
    public static EndpointLocality Local { get; } = new(null, null);
}
