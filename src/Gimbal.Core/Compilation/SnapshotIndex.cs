using Gimbal.Core.Kubernetes;

namespace Gimbal.Core.Compilation;

/// <summary>
/// The snapshot's objects keyed by "namespace/name" (and EndpointSlices by the Service they belong to),
/// so every lookup during a compile is O(1). Duplicate keys keep the ordinally first object, which
/// makes the result independent of input order.
/// </summary>
internal sealed class SnapshotIndex
{
    public const string ServiceNameLabel = "kubernetes.io/service-name";

    private SnapshotIndex(
        ResourceSnapshot source,
        Dictionary<(string, string), Service> services,
        Dictionary<(string, string), Secret> secrets,
        Dictionary<(string, string), Endpoints> endpoints,
        Dictionary<(string, string), List<EndpointSlice>> slices)
    {
        Source = source;
        Services = services;
        Secrets = secrets;
        Endpoints = endpoints;
        Slices = slices;
    }

    /// <summary>The snapshot this index was built from; its lists are compared by reference to reuse the index.</summary>
    public ResourceSnapshot Source { get; }

    public IReadOnlyDictionary<(string Namespace, string Name), Service> Services { get; }

    public IReadOnlyDictionary<(string Namespace, string Name), Secret> Secrets { get; }

    public IReadOnlyDictionary<(string Namespace, string Name), Endpoints> Endpoints { get; }

    /// <summary>Sorted by slice name within each Service.</summary>
    public IReadOnlyDictionary<(string Namespace, string Name), List<EndpointSlice>> Slices { get; }

    public static string Key(string? ns, string? name) => string.Concat(ns, "/", name);

    public static SnapshotIndex Build(ResourceSnapshot snapshot)
    {
        var slices = new Dictionary<(string, string), List<EndpointSlice>>();
        foreach (var slice in snapshot.EndpointSlices)
        {
            if (slice?.Metadata.Labels is { } labels && labels.TryGetValue(ServiceNameLabel, out var service) && service is { Length: > 0 })
            {
                var key = (slice.Metadata.Namespace ?? string.Empty, service);
                if (!slices.TryGetValue(key, out var list))
                {
                    slices[key] = list = [];
                }

                list.Add(slice);
            }
        }

        foreach (var list in slices.Values)
        {
            list.Sort((a, b) => string.CompareOrdinal(a.Metadata.Name, b.Metadata.Name));
        }

        return new SnapshotIndex(snapshot, ByKey(snapshot.Services), ByKey(snapshot.Secrets), ByKey(snapshot.Endpoints), slices);
    }

    /// <summary>
    /// The objects of one Service. Lists that are the same instances as in <paramref name="known"/>
    /// (the last full compile's index) are looked up; others are scanned, which is cheaper than
    /// indexing them for a single endpoint-only update.
    /// </summary>
    public static (Service? Service, Endpoints? Endpoints, List<EndpointSlice> Slices) FindForService(ResourceSnapshot snapshot, string ns, string name, SnapshotIndex? known = null)
    {
        var key = (ns, name);
        var service = known is not null && ReferenceEquals(known.Source.Services, snapshot.Services)
            ? known.Services.GetValueOrDefault(key)
            : First(snapshot.Services, ns, name);
        var endpoints = known is not null && ReferenceEquals(known.Source.Endpoints, snapshot.Endpoints)
            ? known.Endpoints.GetValueOrDefault(key)
            : First(snapshot.Endpoints, ns, name);
        if (known is not null && ReferenceEquals(known.Source.EndpointSlices, snapshot.EndpointSlices))
        {
            return (service, endpoints, known.Slices.TryGetValue(key, out var indexed) ? indexed : []);
        }

        var slices = new List<EndpointSlice>();
        foreach (var slice in snapshot.EndpointSlices)
        {
            if (slice is not null && string.Equals(slice.Metadata.Namespace, ns, StringComparison.Ordinal)
                && slice.Metadata.Labels is { } labels && labels.TryGetValue(ServiceNameLabel, out var s) && string.Equals(s, name, StringComparison.Ordinal))
            {
                slices.Add(slice);
            }
        }

        slices.Sort((a, b) => string.CompareOrdinal(a.Metadata.Name, b.Metadata.Name));
        return (service, endpoints, slices);
    }

    private static T? First<T>(IReadOnlyList<T> items, string ns, string name)
        where T : KubernetesObject
    {
        T? found = null;
        foreach (var item in items)
        {
            if (item is not null && string.Equals(item.Metadata.Namespace, ns, StringComparison.Ordinal)
                && string.Equals(item.Metadata.Name, name, StringComparison.Ordinal)
                && (found is null || Preferred(item, found)))
            {
                found = item;
            }
        }

        return found;
    }

    private static Dictionary<(string, string), T> ByKey<T>(IReadOnlyList<T> items)
        where T : KubernetesObject
    {
        var map = new Dictionary<(string, string), T>(items.Count);
        foreach (var item in items)
        {
            if (item is null)
            {
                continue;
            }

            var key = (item.Metadata.Namespace ?? string.Empty, item.Metadata.Name ?? string.Empty);
            if (!map.TryGetValue(key, out var existing) || Preferred(item, existing))
            {
                map[key] = item;
            }
        }

        return map;
    }

    // Two objects with one key only happen with hand-made snapshots; pick one by content so order never matters.
    private static bool Preferred<T>(T candidate, T existing)
        where T : KubernetesObject =>
        string.CompareOrdinal(candidate.Metadata.ResourceVersion, existing.Metadata.ResourceVersion) > 0
        || (string.Equals(candidate.Metadata.ResourceVersion, existing.Metadata.ResourceVersion, StringComparison.Ordinal)
            && string.CompareOrdinal(candidate.Metadata.Uid, existing.Metadata.Uid) > 0);
}
