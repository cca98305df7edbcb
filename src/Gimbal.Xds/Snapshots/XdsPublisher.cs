using System.Collections.Concurrent;
using Gimbal.Core.Routing;
using Gimbal.Xds.Translation;

namespace Gimbal.Xds.Snapshots;

/// <summary>
/// Turns route and endpoint tables into snapshots for every client flavor of a node group. An
/// endpoint-only update replaces just the ClusterLoadAssignments, so streams send nothing else.
/// </summary>
public sealed class XdsPublisher
{
    private static readonly ResourceFlavor[] Flavors = [ResourceFlavor.Envoy, ResourceFlavor.Grpc];
    private readonly EnvoyTranslator _translator;
    private readonly XdsSnapshotCache _cache;
    private readonly ConcurrentDictionary<string, RouteTable> _routes = new(StringComparer.Ordinal);

    /// <summary>A publisher translating with <paramref name="translator"/> into <paramref name="cache"/>.</summary>
    /// <param name="translator">Makes Envoy resources from tables.</param>
    /// <param name="cache">Where snapshots go; open streams pick them up.</param>
    public XdsPublisher(EnvoyTranslator translator, XdsSnapshotCache cache)
    {
        _translator = translator;
        _cache = cache;
    }

    /// <summary>Translates everything for both client flavors and replaces the group's snapshots; streams send what changed. Thread-safe.</summary>
    /// <param name="routes">The compiled route table.</param>
    /// <param name="endpoints">The endpoints of its clusters.</param>
    /// <param name="group">The node group; <see cref="SingleNodeGroupSelector.DefaultGroup"/> unless a selector makes groups.</param>
    public void Publish(RouteTable routes, EndpointTable endpoints, string group = SingleNodeGroupSelector.DefaultGroup)
    {
        _routes[group] = routes;
        foreach (var flavor in Flavors)
        {
            _cache.Set(new SnapshotKey(group, flavor), XdsSnapshot.From(_translator.Translate(routes, endpoints, flavor)));
        }
    }

    /// <summary>
    /// An endpoint change confined to <paramref name="changedClusters"/>: only their assignments are
    /// translated again; every other resource is reused.
    /// </summary>
    public void PublishEndpoints(EndpointTable endpoints, IReadOnlyCollection<string> changedClusters, string group = SingleNodeGroupSelector.DefaultGroup)
    {
        var routes = _routes.GetValueOrDefault(group, RouteTable.Empty);
        var changed = _translator.TranslateEndpoints(routes, endpoints, changedClusters)
            .Select(a => XdsResource.Create(a.ClusterName, a))
            .ToList();
        foreach (var flavor in Flavors)
        {
            var key = new SnapshotKey(group, flavor);
            var snapshot = _cache.Get(key);
            _cache.Set(key, snapshot.With(snapshot.Get(TypeUrls.ClusterLoadAssignment).With(changed)));
        }
    }

    /// <summary>An endpoint-only change: translates every ClusterLoadAssignment again against the last published routes and reuses all other resources.</summary>
    /// <param name="endpoints">The new endpoints.</param>
    /// <param name="group">The node group.</param>
    public void PublishEndpoints(EndpointTable endpoints, string group = SingleNodeGroupSelector.DefaultGroup)
    {
        var routes = _routes.GetValueOrDefault(group, RouteTable.Empty);
        var set = XdsSnapshot.EndpointSet(_translator.TranslateEndpoints(routes, endpoints));
        foreach (var flavor in Flavors)
        {
            var key = new SnapshotKey(group, flavor);
            _cache.Set(key, _cache.Get(key).With(set));
        }
    }
}
