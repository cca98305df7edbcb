using System.Collections.Immutable;
using Gimbal.Xds.Translation;
using Google.Protobuf;

namespace Gimbal.Xds.Snapshots;

/// <summary>A consistent set of resources of every type, served together to one node group.</summary>
public sealed class XdsSnapshot
{
    private readonly ImmutableDictionary<string, XdsResourceSet> _sets;

    /// <summary>A snapshot of <paramref name="sets"/>, one per type URL.</summary>
    /// <param name="sets">The resource sets; type URLs must be unique.</param>
    public XdsSnapshot(IEnumerable<XdsResourceSet> sets) =>
        _sets = sets.ToImmutableDictionary(s => s.TypeUrl, StringComparer.Ordinal);

    /// <summary>A snapshot with no resources of any type.</summary>
    public static XdsSnapshot Empty { get; } = new([]);

    /// <summary>The resources of a type; an empty set for a type the snapshot does not carry.</summary>
    public XdsResourceSet Get(string typeUrl) =>
        _sets.TryGetValue(typeUrl, out var set) ? set : new XdsResourceSet(typeUrl, []);

    /// <summary>A snapshot with one type's resources replaced: how an endpoint-only change keeps the rest.</summary>
    public XdsSnapshot With(XdsResourceSet set) => new(_sets.SetItem(set.TypeUrl, set).Values);

    /// <summary>The snapshot of a translation: clusters, assignments, secrets, listeners and route configurations.</summary>
    /// <param name="resources">What <see cref="Translation.EnvoyTranslator"/> made.</param>
    public static XdsSnapshot From(EnvoyResources resources) => new(
    [
        Set(TypeUrls.Cluster, resources.Clusters, c => c.Name),
        EndpointSet(resources.Endpoints),
        Set(TypeUrls.Secret, resources.Secrets, s => s.Name),
        Set(TypeUrls.Listener, resources.Listeners, l => l.Name),
        Set(TypeUrls.RouteConfiguration, resources.Routes, r => r.Name),
    ]);

    /// <summary>The ClusterLoadAssignment set of <paramref name="endpoints"/>, named by cluster name.</summary>
    /// <param name="endpoints">The assignments.</param>
    public static XdsResourceSet EndpointSet(IEnumerable<Envoy.Config.Endpoint.V3.ClusterLoadAssignment> endpoints) =>
        Set(TypeUrls.ClusterLoadAssignment, endpoints, e => e.ClusterName);

    private static XdsResourceSet Set<T>(string typeUrl, IEnumerable<T> messages, Func<T, string> name)
        where T : IMessage =>
        new(typeUrl, messages.Select(m => XdsResource.Create(name(m), m)));
}
