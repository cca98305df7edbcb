using Envoy.Config.Core.V3;
using Envoy.Service.Discovery.V3;
using Gimbal.Core.Collections;
using Gimbal.Xds.Tests.Infrastructure;
using Gimbal.Xds.Translation;

namespace Gimbal.Xds.Tests.Protocol;

public sealed class DeltaTests
{
    private static readonly Node Node = new() { Id = "envoy-delta", UserAgentName = "envoy" };

    [Fact]
    public async Task Delta_sends_per_resource_versions_changes_and_removals()
    {
        await using var server = await XdsTestServer.StartAsync();
        using var http = GrpcTestCall<DeltaDiscoveryRequest, DeltaDiscoveryResponse>.CreateClient(server.Address);
        server.Publisher.Publish(SampleTables.Rich(), SampleTables.RichEndpoints());
        await using var call = await GrpcTestCall<DeltaDiscoveryRequest, DeltaDiscoveryResponse>.StartAsync(http, AdsClient.DeltaPath, DeltaDiscoveryResponse.Parser);

        await call.SendAsync(new DeltaDiscoveryRequest { Node = Node, TypeUrl = TypeUrls.Cluster });
        var all = await call.ReceiveRequiredAsync();
        Assert.Equal(4, all.Resources.Count);
        Assert.All(all.Resources, r => Assert.False(string.IsNullOrEmpty(r.Version)));
        await call.SendAsync(new DeltaDiscoveryRequest { TypeUrl = TypeUrls.Cluster, ResponseNonce = all.Nonce });

        // One cluster changes, one disappears: only those travel.
        var rich = SampleTables.Rich();
        var changed = rich with
        {
            Clusters = rich.Clusters
                .Where(c => c.Name != "team-b/legacy/443")
                .Select(c => c.Name == "team-a/web/80" ? c with { CircuitBreakers = new Core.Routing.CircuitBreakers { MaxRetries = 9 } } : c)
                .ToEquatableArray(),
        };
        server.Publisher.Publish(changed, SampleTables.RichEndpoints());
        var update = await call.ReceiveRequiredAsync();
        Assert.Equal(["team-a/web/80"], update.Resources.Select(r => r.Name));
        Assert.Equal(["team-b/legacy/443"], update.RemovedResources);
        Assert.NotEqual(all.Resources.Single(r => r.Name == "team-a/web/80").Version, update.Resources[0].Version);
    }

    [Fact]
    public async Task Delta_subscribe_unsubscribe_and_reconnect_with_known_versions()
    {
        await using var server = await XdsTestServer.StartAsync();
        using var http = GrpcTestCall<DeltaDiscoveryRequest, DeltaDiscoveryResponse>.CreateClient(server.Address);
        server.Publisher.Publish(SampleTables.Rich(), SampleTables.RichEndpoints());
        DeltaDiscoveryResponse first;
        await using (var call = await GrpcTestCall<DeltaDiscoveryRequest, DeltaDiscoveryResponse>.StartAsync(http, AdsClient.DeltaPath, DeltaDiscoveryResponse.Parser))
        {
            await call.SendAsync(new DeltaDiscoveryRequest { Node = Node, TypeUrl = TypeUrls.ClusterLoadAssignment, ResourceNamesSubscribe = { "team-a/web/80", "team-a/api/8443" } });
            first = await call.ReceiveRequiredAsync();
            Assert.Equal(2, first.Resources.Count);

            await call.SendAsync(new DeltaDiscoveryRequest { TypeUrl = TypeUrls.ClusterLoadAssignment, ResponseNonce = first.Nonce, ResourceNamesUnsubscribe = { "team-a/api/8443" } });
            await call.SendAsync(new DeltaDiscoveryRequest { TypeUrl = TypeUrls.Listener });
            Assert.Equal(TypeUrls.Listener, (await call.ReceiveRequiredAsync()).TypeUrl);

            server.Publisher.PublishEndpoints(SampleTables.RichEndpoints()
                .With(SampleTables.Endpoints("team-a/api/8443", ("10.0.0.9", 8443)))
                .With(SampleTables.Endpoints("team-a/web/80", ("10.1.0.9", 8080))));
            var update = await call.ReceiveRequiredAsync();
            Assert.Equal(["team-a/web/80"], update.Resources.Select(r => r.Name));
        }

        // Reconnect on a new connection telling what it has: only what differs comes back.
        using var http2 = GrpcTestCall<DeltaDiscoveryRequest, DeltaDiscoveryResponse>.CreateClient(server.Address);
        await using var again = await GrpcTestCall<DeltaDiscoveryRequest, DeltaDiscoveryResponse>.StartAsync(http2, AdsClient.DeltaPath, DeltaDiscoveryResponse.Parser);
        var known = first.Resources.ToDictionary(r => r.Name, r => r.Version);
        var reconnect = new DeltaDiscoveryRequest { Node = Node, TypeUrl = TypeUrls.ClusterLoadAssignment, ResourceNamesSubscribe = { "team-a/web/80", "team-a/api/8443" } };
        reconnect.InitialResourceVersions.Add(known);
        await again.SendAsync(reconnect);
        var resent = await again.ReceiveRequiredAsync();
        Assert.Equal(["team-a/api/8443", "team-a/web/80"], resent.Resources.Select(r => r.Name).Order());

        await again.SendAsync(new DeltaDiscoveryRequest { TypeUrl = TypeUrls.ClusterLoadAssignment, ResponseNonce = resent.Nonce });
        var current = resent.Resources.ToDictionary(r => r.Name, r => r.Version);
        using var http3 = GrpcTestCall<DeltaDiscoveryRequest, DeltaDiscoveryResponse>.CreateClient(server.Address);
        await using var upToDate = await GrpcTestCall<DeltaDiscoveryRequest, DeltaDiscoveryResponse>.StartAsync(http3, AdsClient.DeltaPath, DeltaDiscoveryResponse.Parser);
        var same = new DeltaDiscoveryRequest { Node = Node, TypeUrl = TypeUrls.ClusterLoadAssignment, ResourceNamesSubscribe = { "team-a/web/80", "team-a/api/8443" } };
        same.InitialResourceVersions.Add(current);
        await upToDate.SendAsync(same);
        await upToDate.SendAsync(new DeltaDiscoveryRequest { TypeUrl = TypeUrls.Listener });
        Assert.Equal(TypeUrls.Listener, (await upToDate.ReceiveRequiredAsync()).TypeUrl);
    }

    [Fact]
    public async Task Delta_reports_subscribed_names_that_do_not_exist_once_and_sends_them_when_they_appear()
    {
        await using var server = await XdsTestServer.StartAsync();
        using var http = GrpcTestCall<DeltaDiscoveryRequest, DeltaDiscoveryResponse>.CreateClient(server.Address);
        server.Publisher.Publish(SampleTables.Rich(), SampleTables.RichEndpoints());
        await using var call = await GrpcTestCall<DeltaDiscoveryRequest, DeltaDiscoveryResponse>.StartAsync(http, AdsClient.DeltaPath, DeltaDiscoveryResponse.Parser);

        await call.SendAsync(new DeltaDiscoveryRequest { Node = Node, TypeUrl = TypeUrls.ClusterLoadAssignment, ResourceNamesSubscribe = { "team-a/web/80", "team-z/missing/80" } });
        var first = await call.ReceiveRequiredAsync();
        Assert.Equal(["team-a/web/80"], first.Resources.Select(r => r.Name));
        Assert.Equal(["team-z/missing/80"], first.RemovedResources);
        await call.SendAsync(new DeltaDiscoveryRequest { TypeUrl = TypeUrls.ClusterLoadAssignment, ResponseNonce = first.Nonce });

        // A later subscription to another missing name is answered with just that name.
        await call.SendAsync(new DeltaDiscoveryRequest { TypeUrl = TypeUrls.ClusterLoadAssignment, ResourceNamesSubscribe = { "team-z/other/80" } });
        var second = await call.ReceiveRequiredAsync();
        Assert.Empty(second.Resources);
        Assert.Equal(["team-z/other/80"], second.RemovedResources);
        await call.SendAsync(new DeltaDiscoveryRequest { TypeUrl = TypeUrls.ClusterLoadAssignment, ResponseNonce = second.Nonce });

        // An unrelated change does not report the missing names again.
        var endpoints = SampleTables.RichEndpoints().With(SampleTables.Endpoints("team-a/web/80", ("10.1.0.9", 8080)));
        server.Publisher.PublishEndpoints(endpoints, ["team-a/web/80"]);
        var update = await call.ReceiveRequiredAsync();
        Assert.Equal(["team-a/web/80"], update.Resources.Select(r => r.Name));
        Assert.Empty(update.RemovedResources);
        await call.SendAsync(new DeltaDiscoveryRequest { TypeUrl = TypeUrls.ClusterLoadAssignment, ResponseNonce = update.Nonce });

        // When the missing cluster appears it is sent like any other.
        var rich = SampleTables.Rich();
        var grown = rich with { Clusters = rich.Clusters.Append(SampleTables.Cluster("team-z", "missing", 80)).OrderBy(c => c.Name, StringComparer.Ordinal).ToEquatableArray() };
        server.Publisher.Publish(grown, endpoints.With(SampleTables.Endpoints("team-z/missing/80", ("10.9.0.1", 80))));
        var appeared = await call.ReceiveRequiredAsync();
        var resource = Assert.Single(appeared.Resources);
        Assert.Equal("team-z/missing/80", resource.Name);
        Assert.Empty(appeared.RemovedResources);
    }

    [Fact]
    public async Task Delta_wildcard_stream_gets_exactly_the_changes_of_successive_endpoint_updates()
    {
        await using var server = await XdsTestServer.StartAsync();
        using var http = GrpcTestCall<DeltaDiscoveryRequest, DeltaDiscoveryResponse>.CreateClient(server.Address);
        server.Publisher.Publish(SampleTables.Rich(), SampleTables.RichEndpoints());
        await using var call = await GrpcTestCall<DeltaDiscoveryRequest, DeltaDiscoveryResponse>.StartAsync(http, AdsClient.DeltaPath, DeltaDiscoveryResponse.Parser);
        await call.SendAsync(new DeltaDiscoveryRequest { Node = Node, TypeUrl = TypeUrls.ClusterLoadAssignment, ResourceNamesSubscribe = { "*" } });
        var all = await call.ReceiveRequiredAsync();
        Assert.Equal(3, all.Resources.Count);
        await call.SendAsync(new DeltaDiscoveryRequest { TypeUrl = TypeUrls.ClusterLoadAssignment, ResponseNonce = all.Nonce });

        var endpoints = SampleTables.RichEndpoints();
        foreach (var (cluster, port) in new[] { ("team-a/web/80", 1), ("team-a/api/8443", 2), ("team-a/web/80", 3) })
        {
            endpoints = endpoints.With(SampleTables.Endpoints(cluster, ("10.2.0.1", port)));
            server.Publisher.PublishEndpoints(endpoints, [cluster]);
            var update = await call.ReceiveRequiredAsync();
            var resource = Assert.Single(update.Resources);
            Assert.Equal(cluster, resource.Name);
            Assert.Equal((uint)port, resource.Resource_.Unpack<Envoy.Config.Endpoint.V3.ClusterLoadAssignment>().Endpoints[0].LbEndpoints[0].Endpoint.Address.SocketAddress.PortValue);
            await call.SendAsync(new DeltaDiscoveryRequest { TypeUrl = TypeUrls.ClusterLoadAssignment, ResponseNonce = update.Nonce });
        }
    }
}
