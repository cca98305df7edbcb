using System.Collections.Immutable;
using Gimbal.Xds.Translation;
using Google.Protobuf;

namespace Gimbal.Xds.Snapshots;

/// <summary>A consistent set of resources of every type, served together to one node group.</summary>
public sealed class XdsSnapshot
{
    // Below this many resources, handing packing to other threads costs more than it saves.
    private const int ParallelPackingThreshold = 512;
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

    /// <summary>The snapshot of a translation: clusters, assignments, secrets, listeners and route configurations, packed and versioned (the large types spread over the cores).</summary>
    /// <param name="resources">What <see cref="EnvoyTranslator"/> made.</param>
    public static XdsSnapshot From(EnvoyResources resources)
    {
        XdsResourceSet clusters = null!, endpoints = null!, secrets = null!, listeners = null!, routes = null!;
        Parallel.Invoke(
            () => clusters = Set(TypeUrls.Cluster, resources.Clusters, c => c.Name),
            () => endpoints = EndpointSet(resources.Endpoints),
            () =>
            {
                secrets = Set(TypeUrls.Secret, resources.Secrets, s => s.Name);
                listeners = Set(TypeUrls.Listener, resources.Listeners, l => l.Name);
                routes = Set(TypeUrls.RouteConfiguration, resources.Routes, r => r.Name);
            });
        return new([clusters, endpoints, secrets, listeners, routes]);
    }

    /// <summary>The ClusterLoadAssignment set of <paramref name="endpoints"/>, named by cluster name.</summary>
    /// <param name="endpoints">The assignments.</param>
    public static XdsResourceSet EndpointSet(IEnumerable<Envoy.Config.Endpoint.V3.ClusterLoadAssignment> endpoints) =>
        Set(TypeUrls.ClusterLoadAssignment, endpoints as IReadOnlyList<Envoy.Config.Endpoint.V3.ClusterLoadAssignment> ?? [.. endpoints], e => e.ClusterName);

    /// <summary>This snapshot with every type linked to the same type in <paramref name="previous"/>.</summary>
    internal XdsSnapshot After(XdsSnapshot previous) =>
        new(_sets.Values.Select(s => previous._sets.TryGetValue(s.TypeUrl, out var old) ? s.After(old) : s));

    private static XdsResourceSet Set<T>(string typeUrl, IReadOnlyList<T> messages, Func<T, string> name)
        where T : IMessage
    {
        var packed = new XdsResource[messages.Count];
        if (packed.Length < ParallelPackingThreshold)
        {
            for (var i = 0; i < packed.Length; i++)
            {
                packed[i] = XdsResource.Create(name(messages[i]), messages[i]);
            }
        }
        else
        {
            Parallel.For(0, packed.Length, i => packed[i] = XdsResource.Create(name(messages[i]), messages[i]));
        }

        return new XdsResourceSet(typeUrl, packed);
    }
}
