using System.Collections.Concurrent;
using Gimbal.Core.Routing;
using Gimbal.Xds.Translation;

namespace Gimbal.Xds.Snapshots;

/// <summary>
/// Turns route and endpoint tables into snapshots for every client flavor of a node group. An
/// endpoint-only update replaces just the ClusterLoadAssignments, so streams send nothing else. A cluster
/// or assignment whose model piece is unchanged since the last publish keeps its packed resource.
/// </summary>
public sealed class XdsPublisher
{
    private static readonly ResourceFlavor[] Flavors = [ResourceFlavor.Envoy, ResourceFlavor.Grpc];
    private readonly EnvoyTranslator _translator;
    private readonly XdsSnapshotCache _cache;
    private readonly ConcurrentDictionary<string, RouteTable> _routes = new(StringComparer.Ordinal);

    // Packed resources of the last publish by model piece: a recompile re-packs and re-hashes only what changed.
    private readonly TranslationMemo<UpstreamCluster, XdsResource> _envoyClusters = new();
    private readonly TranslationMemo<UpstreamCluster, XdsResource> _grpcClusters = new();
    private readonly TranslationMemo<ClusterEndpoints?, XdsResource> _assignments = new();

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

        // Clusters and assignments, most of the work, are packed as they are translated (see
        // EnvoyTranslator.Clusters); assignments do not depend on the flavor, so they are made once.
        XdsResourceSet assignments = null!, envoyClusters = null!, grpcClusters = null!;
        XdsSnapshot envoy = null!, grpc = null!;
        Parallel.Invoke(
            () => assignments = new XdsResourceSet(TypeUrls.ClusterLoadAssignment, EnvoyTranslator.Endpoints(routes, endpoints, _assignments, a => XdsResource.Create(a.ClusterName, a))),
            () => envoyClusters = new XdsResourceSet(TypeUrls.Cluster, EnvoyTranslator.Clusters(routes, ResourceFlavor.Envoy, _envoyClusters, c => XdsResource.Create(c.Name, c))),
            () => grpcClusters = new XdsResourceSet(TypeUrls.Cluster, EnvoyTranslator.Clusters(routes, ResourceFlavor.Grpc, _grpcClusters, c => XdsResource.Create(c.Name, c))),
            () => envoy = XdsSnapshot.From(_translator.TranslateListenersRoutesAndSecrets(routes, ResourceFlavor.Envoy)),
            () => grpc = XdsSnapshot.From(_translator.TranslateListenersRoutesAndSecrets(routes, ResourceFlavor.Grpc)));
        Set(new SnapshotKey(group, ResourceFlavor.Envoy), envoy.With(envoyClusters).With(assignments));
        Set(new SnapshotKey(group, ResourceFlavor.Grpc), grpc.With(grpcClusters).With(assignments));
    }

    private void Set(SnapshotKey key, XdsSnapshot snapshot) => _cache.Set(key, snapshot.After(_cache.Get(key)));

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
        var set = new XdsResourceSet(TypeUrls.ClusterLoadAssignment, EnvoyTranslator.Endpoints(routes, endpoints, _assignments, a => XdsResource.Create(a.ClusterName, a)));
        foreach (var flavor in Flavors)
        {
            var key = new SnapshotKey(group, flavor);
            Set(key, _cache.Get(key).With(set));
        }
    }
}
