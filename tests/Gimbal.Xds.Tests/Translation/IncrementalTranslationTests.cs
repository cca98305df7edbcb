using Gimbal.Core.Collections;
using Gimbal.Core.Routing;
using Gimbal.Xds.Snapshots;
using Gimbal.Xds.Translation;

namespace Gimbal.Xds.Tests.Translation;

/// <summary>
/// A long-lived translator or publisher reuses what it made from unchanged model pieces: its output
/// must always be what a fresh one makes from the same tables, whatever it translated before.
/// </summary>
public sealed class IncrementalTranslationTests
{
    private const string Api = "team-a/api/8443";
    private const string Web = "team-a/web/80";
    private const string Legacy = "team-b/legacy/443";

    public static TheoryData<string> Changes()
    {
        var changes = new TheoryData<string>();
        foreach (var change in Edits.Keys)
        {
            changes.Add(change);
        }

        return changes;
    }

    // One edit per kind of input a cluster or an assignment is made from.
    private static readonly Dictionary<string, Func<(RouteTable Routes, EndpointTable Endpoints), (RouteTable, EndpointTable)>> Edits = new()
    {
        ["cluster protocol"] = t => (EditCluster(t.Routes, Web, c => c with { Protocol = UpstreamProtocol.Http2 }), t.Endpoints),
        ["cluster strategy"] = t => (EditCluster(t.Routes, Web, c => c with { LoadBalancing = new LoadBalancerPolicy { Strategy = LoadBalancingStrategy.LeastRequest } }), t.Endpoints),
        ["cluster hash header"] = t => (EditCluster(t.Routes, Api, c => c with { LoadBalancing = c.LoadBalancing with { HashHeader = "x-tenant" } }), t.Endpoints),
        ["cluster health check"] = t => (EditCluster(t.Routes, Web, c => c with { HealthCheck = c.HealthCheck! with { Path = "/ready" } }), t.Endpoints),
        ["cluster circuit breakers"] = t => (EditCluster(t.Routes, Web, c => c with { CircuitBreakers = c.CircuitBreakers! with { MaxRetries = 7 } }), t.Endpoints),
        ["cluster external name"] = t => (EditCluster(t.Routes, Legacy, c => c with { ExternalName = "legacy2.example.net" }), t.Endpoints),
        ["cluster service port"] = t => (EditCluster(t.Routes, Web, c => c with { Service = c.Service with { Port = 81 } }), t.Endpoints),
        ["endpoint address"] = t => (t.Routes, EditEndpoints(t.Endpoints, Api, e => [e[0] with { Address = "10.0.0.9" }, .. e.Skip(1)])),
        ["endpoint port"] = t => (t.Routes, EditEndpoints(t.Endpoints, Api, e => [e[0] with { Port = 9443 }, .. e.Skip(1)])),
        ["endpoint readiness"] = t => (t.Routes, EditEndpoints(t.Endpoints, Web, e => [e[0] with { Ready = false }, .. e.Skip(1)])),
        ["endpoint weight"] = t => (t.Routes, EditEndpoints(t.Endpoints, Web, e => [e[0] with { Weight = 5 }, .. e.Skip(1)])),
        ["endpoint locality"] = t => (t.Routes, EditEndpoints(t.Endpoints, Web, e => [e[0] with { Locality = new EndpointLocality("cluster-west", "zone-2") }, .. e.Skip(1)])),
        ["endpoint hostname"] = t => (t.Routes, EditEndpoints(t.Endpoints, Web, e => [e[0] with { Hostname = "web-1" }, .. e.Skip(1)])),
        ["endpoint added"] = t => (t.Routes, EditEndpoints(t.Endpoints, Api, e => [.. e, new LbEndpoint { Address = "10.0.0.3", Port = 8443 }])),
        ["endpoint removed"] = t => (t.Routes, EditEndpoints(t.Endpoints, Api, e => [.. e.Skip(1)])),
        ["cluster lost its endpoints"] = t => (t.Routes, t.Endpoints.Without(Api)),
        ["host route path"] = t => (EditHost(t.Routes, "greeter.example.com", h => h with { Routes = EquatableArray.Create(SampleTables.Forward("/helloworld.Other/", h.Routes[0].Action.Forward!.Clusters[0].ClusterName)) }), t.Endpoints),
        ["host tls version"] = t => (EditHost(t.Routes, "shop.example.com", h => h with { Tls = h.Tls! with { MinimumProtocolVersion = "1.2" } }), t.Endpoints),
        ["host removed"] = t => (t.Routes with { VirtualHosts = t.Routes.VirtualHosts.Where(h => h.Name != "greeter.example.com").ToEquatableArray() }, t.Endpoints),
        ["cluster removed"] = t => (t.Routes with { Clusters = t.Routes.Clusters.Where(c => c.Name != Legacy).ToEquatableArray() }, t.Endpoints),
    };

    [Theory]
    [InlineData(ResourceFlavor.Envoy)]
    [InlineData(ResourceFlavor.Grpc)]
    public void A_translator_that_translated_other_tables_still_gives_the_golden_output(ResourceFlavor flavor)
    {
        var translator = new EnvoyTranslator();
        foreach (var (_, edit) in Edits)
        {
            var (routes, endpoints) = edit((SampleTables.Rich(), SampleTables.RichEndpoints()));
            translator.Translate(routes, endpoints, flavor);
        }

        var again = translator.Translate(SampleTables.Rich(), SampleTables.RichEndpoints(), flavor);
        var fresh = new EnvoyTranslator().Translate(SampleTables.Rich(), SampleTables.RichEndpoints(), flavor);

        Assert.Equal(GoldenTests.Render(fresh), GoldenTests.Render(again));
    }

    [Theory]
    [MemberData(nameof(Changes))]
    public void Every_kind_of_change_is_translated_again(string change)
    {
        var before = (SampleTables.Rich(), SampleTables.RichEndpoints());
        var (routes, endpoints) = Edits[change](before);
        foreach (var flavor in new[] { ResourceFlavor.Envoy, ResourceFlavor.Grpc })
        {
            var translator = new EnvoyTranslator();
            var original = GoldenTests.Render(translator.Translate(before.Item1, before.Item2, flavor));

            var changed = GoldenTests.Render(translator.Translate(routes, endpoints, flavor));
            var back = GoldenTests.Render(translator.Translate(before.Item1, before.Item2, flavor));

            Assert.Equal(GoldenTests.Render(new EnvoyTranslator().Translate(routes, endpoints, flavor)), changed);
            Assert.Equal(original, back);
            if (flavor == ResourceFlavor.Envoy)
            {
                Assert.NotEqual(original, changed);
            }
        }

        Assert.Equal(
            GoldenTests.Render(new EnvoyTranslator().Translate(routes, endpoints) with { Clusters = [], Routes = [], Listeners = [], Secrets = [] }),
            GoldenTests.Render(new EnvoyResources { Endpoints = WarmTranslator(before).TranslateEndpoints(routes, endpoints) }));
    }

    [Fact]
    public void Unchanged_pieces_are_the_previous_messages_and_changed_ones_are_new()
    {
        var translator = new EnvoyTranslator();
        var first = translator.Translate(SampleTables.Rich(), SampleTables.RichEndpoints());
        var (routes, endpoints) = Edits["endpoint port"](Edits["cluster protocol"]((SampleTables.Rich(), SampleTables.RichEndpoints())));

        var second = translator.Translate(routes, endpoints);

        Assert.Same(first.Clusters.Single(c => c.Name == Api), second.Clusters.Single(c => c.Name == Api));
        Assert.NotSame(first.Clusters.Single(c => c.Name == Web), second.Clusters.Single(c => c.Name == Web));
        Assert.Same(first.Endpoints.Single(a => a.ClusterName == Web), second.Endpoints.Single(a => a.ClusterName == Web));
        Assert.NotSame(first.Endpoints.Single(a => a.ClusterName == Api), second.Endpoints.Single(a => a.ClusterName == Api));
        Assert.Same(Host(first, "greeter.example.com"), Host(second, "greeter.example.com"));

        static Envoy.Config.Route.V3.VirtualHost Host(EnvoyResources resources, string name) =>
            resources.Routes.Single(r => r.Name == "ingress_http").VirtualHosts.Single(h => h.Name == name);
    }

    [Theory]
    [MemberData(nameof(Changes))]
    public void A_long_lived_publisher_serves_what_a_fresh_one_would(string change)
    {
        var cache = new XdsSnapshotCache();
        var publisher = new XdsPublisher(new EnvoyTranslator(), cache);
        publisher.Publish(SampleTables.Rich(), SampleTables.RichEndpoints());
        var before = Snapshots(cache);
        var (routes, endpoints) = Edits[change]((SampleTables.Rich(), SampleTables.RichEndpoints()));

        publisher.Publish(routes, endpoints);
        var freshCache = new XdsSnapshotCache();
        new XdsPublisher(new EnvoyTranslator(), freshCache).Publish(routes, endpoints);

        var after = Snapshots(cache);
        var fresh = Snapshots(freshCache);
        Assert.Equal(Versions(fresh), Versions(after));
        Assert.NotEqual(Versions(before), Versions(after));

        // A cluster whose model did not change is the very same packed resource: nothing was translated, packed or hashed again.
        var envoy = new SnapshotKey(SingleNodeGroupSelector.DefaultGroup, ResourceFlavor.Envoy);
        var unchanged = SampleTables.Rich().Clusters.Intersect(routes.Clusters).Select(c => c.Name).ToList();
        Assert.NotEmpty(unchanged);
        Assert.All(unchanged, name => Assert.Same(before[envoy].Get(TypeUrls.Cluster).Resources[name], after[envoy].Get(TypeUrls.Cluster).Resources[name]));
    }

    private static EnvoyTranslator WarmTranslator((RouteTable Routes, EndpointTable Endpoints) tables)
    {
        var translator = new EnvoyTranslator();
        translator.Translate(tables.Routes, tables.Endpoints);
        return translator;
    }

    private static Dictionary<SnapshotKey, XdsSnapshot> Snapshots(XdsSnapshotCache cache) =>
        cache.Keys.ToDictionary(k => k, cache.Get);

    private static List<string> Versions(Dictionary<SnapshotKey, XdsSnapshot> snapshots) =>
    [
        .. from key in snapshots.Keys.OrderBy(k => k.Flavor)
           from type in TypeUrls.SendOrder
           let set = snapshots[key].Get(type)
           from entry in set.Resources.Select(r => $"{key.Flavor} {type} {r.Key} {r.Value.Version}").Prepend($"{key.Flavor} {type} {set.Version}")
           select entry,
    ];

    private static RouteTable EditHost(RouteTable routes, string name, Func<VirtualHost, VirtualHost> edit) =>
        routes with { VirtualHosts = routes.VirtualHosts.Select(h => h.Name == name ? edit(h) : h).ToEquatableArray() };

    private static RouteTable EditCluster(RouteTable routes, string name, Func<UpstreamCluster, UpstreamCluster> edit) =>
        routes with { Clusters = routes.Clusters.Select(c => c.Name == name ? edit(c) : c).ToEquatableArray() };

    private static EndpointTable EditEndpoints(EndpointTable endpoints, string cluster, Func<LbEndpoint[], LbEndpoint[]> edit)
    {
        var current = endpoints.Find(cluster)!;
        return endpoints.With(current with { Endpoints = edit([.. current.Endpoints]).ToEquatableArray() });
    }
}
