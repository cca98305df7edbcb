using Envoy.Config.Endpoint.V3;
using Gimbal.Xds.Snapshots;
using Gimbal.Xds.Translation;

namespace Gimbal.Xds.Tests.Snapshots;

public sealed class XdsResourceSetTests
{
    private static XdsResource Assignment(string cluster, uint port) => XdsResource.Create(cluster, new ClusterLoadAssignment
    {
        ClusterName = cluster,
        Endpoints = { new LocalityLbEndpoints { LbEndpoints = { new LbEndpoint { Endpoint = new Endpoint { Address = new Envoy.Config.Core.V3.Address { SocketAddress = new Envoy.Config.Core.V3.SocketAddress { Address = "10.0.0.1", PortValue = port } } } } } } },
    });

    [Fact]
    public void Version_depends_on_content_only_and_an_updated_set_matches_one_built_from_scratch()
    {
        var a = new XdsResourceSet(TypeUrls.ClusterLoadAssignment, [Assignment("a", 1), Assignment("b", 2), Assignment("c", 3)]);
        var reordered = new XdsResourceSet(TypeUrls.ClusterLoadAssignment, [Assignment("c", 3), Assignment("a", 1), Assignment("b", 2)]);
        Assert.Equal(a.Version, reordered.Version);

        var updated = a.With([Assignment("b", 20)]);
        var scratch = new XdsResourceSet(TypeUrls.ClusterLoadAssignment, [Assignment("a", 1), Assignment("b", 20), Assignment("c", 3)]);
        Assert.NotEqual(a.Version, updated.Version);
        Assert.Equal(scratch.Version, updated.Version);
        Assert.Equal(a.Version, updated.With([Assignment("b", 2)]).Version);

        // Same content under another name is another set.
        var renamed = new XdsResourceSet(TypeUrls.ClusterLoadAssignment, [XdsResource.Create("x", Assignment("a", 1).Body.Unpack<ClusterLoadAssignment>()), Assignment("b", 2), Assignment("c", 3)]);
        Assert.NotEqual(a.Version, renamed.Version);
        Assert.Same(a, a.With([Assignment("a", 1)]));
    }

    [Fact]
    public void Resource_version_is_a_hash_of_its_bytes()
    {
        Assert.Equal(Assignment("a", 1).Version, Assignment("a", 1).Version);
        Assert.NotEqual(Assignment("a", 1).Version, Assignment("a", 2).Version);
        Assert.Matches("^[0-9a-f]{16}$", Assignment("a", 1).Version);
    }
}
