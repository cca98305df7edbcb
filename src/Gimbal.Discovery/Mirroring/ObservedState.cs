using System.Collections.Concurrent;
using Gimbal.Core.Kubernetes;

namespace Gimbal.Discovery.Mirroring;

/// <summary>
/// What the engine last saw of its own objects in the Gimbal cluster: filled by the full reconcile's list and
/// kept current by the results of its own writes, so steady-state work needs no reads. A stale entry is
/// harmless: the write it leads to fails with a conflict, the engine reads the object and retries.
/// </summary>
internal sealed class ObservedState
{
    private volatile Snapshot _current = new();

    public Service? Service(string key) => _current.Services.TryGetValue(key, out var s) ? s : null;

    public Endpoints? Endpoints(string key) => _current.Endpoints.TryGetValue(key, out var e) ? e : null;

    /// <summary>The slices of the Service at <paramref name="key"/>, by slice name.</summary>
    public IReadOnlyDictionary<string, EndpointSlice> Slices(string key) =>
        _current.Slices.TryGetValue(key, out var s) ? new Dictionary<string, EndpointSlice>(s, StringComparer.Ordinal) : new Dictionary<string, EndpointSlice>(StringComparer.Ordinal);

    public IEnumerable<string> Keys
    {
        get
        {
            var snapshot = _current;
            return snapshot.Services.Keys.Concat(snapshot.Endpoints.Keys).Concat(snapshot.Slices.Keys).Distinct(StringComparer.Ordinal).ToList();
        }
    }

    public IReadOnlyDictionary<string, int> ServicesPerNamespace() =>
        _current.Services.Values.GroupBy(s => s.Metadata.Namespace ?? string.Empty, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    public IReadOnlyDictionary<(string Namespace, string Service), int> EndpointsPerService() =>
        _current.Endpoints.Values.ToDictionary(
            // Keyed by the upstream name, as the upstream totals are.
            e => (e.Metadata.Namespace ?? string.Empty, e.Metadata.Labels?.GetValueOrDefault(Gimbal.Core.Naming.GimbalLabels.Service) ?? e.Metadata.Name ?? string.Empty),
            e => (e.Subsets ?? []).Sum(s => (s.Addresses?.Count ?? 0) + (s.NotReadyAddresses?.Count ?? 0)));

    public void ReplaceAll(IEnumerable<Service> services, IEnumerable<Endpoints> endpoints, IEnumerable<EndpointSlice> slices)
    {
        var next = new Snapshot();
        foreach (var service in services)
        {
            next.Services[service.Key] = service;
        }

        foreach (var item in endpoints)
        {
            next.Endpoints[item.Key] = item;
        }

        foreach (var slice in slices)
        {
            next.Slices.GetOrAdd(ServiceKeyOf(slice), _ => new ConcurrentDictionary<string, EndpointSlice>(StringComparer.Ordinal))[slice.Metadata.Name ?? string.Empty] = slice;
        }

        _current = next;
    }

    public void Remember(Service service) => _current.Services[service.Key] = service;

    public void Remember(Endpoints endpoints) => _current.Endpoints[endpoints.Key] = endpoints;

    public void Remember(string key, EndpointSlice slice) =>
        _current.Slices.GetOrAdd(key, _ => new ConcurrentDictionary<string, EndpointSlice>(StringComparer.Ordinal))[slice.Metadata.Name ?? string.Empty] = slice;

    public void ForgetService(string key) => _current.Services.TryRemove(key, out _);

    public void ForgetEndpoints(string key) => _current.Endpoints.TryRemove(key, out _);

    public void ForgetSlice(string key, string name)
    {
        if (_current.Slices.TryGetValue(key, out var slices))
        {
            slices.TryRemove(name, out _);
            if (slices.IsEmpty)
            {
                _current.Slices.TryRemove(key, out _);
            }
        }
    }

    /// <summary>The namespace/name of the Service a slice belongs to, from its kubernetes.io/service-name label.</summary>
    public static string ServiceKeyOf(EndpointSlice slice) =>
        $"{slice.Metadata.Namespace}/{(slice.Metadata.Labels?.TryGetValue(MirrorLabels.ServiceName, out var service) == true ? service : slice.Metadata.Name)}";

    private sealed class Snapshot
    {
        public ConcurrentDictionary<string, Service> Services { get; } = new(StringComparer.Ordinal);

        public ConcurrentDictionary<string, Endpoints> Endpoints { get; } = new(StringComparer.Ordinal);

        public ConcurrentDictionary<string, ConcurrentDictionary<string, EndpointSlice>> Slices { get; } = new(StringComparer.Ordinal);
    }
}
