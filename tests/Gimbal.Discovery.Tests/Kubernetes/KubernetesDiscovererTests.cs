using Gimbal.Core.Kubernetes;
using Gimbal.Core.Naming;
using Gimbal.Testing;
using Gimbal.Testing.Resources;

namespace Gimbal.Discovery.Tests.Kubernetes;

public sealed class KubernetesDiscovererTests
{
    [Fact]
    public async Task Mirrors_updates_and_deletes_upstream_services()
    {
        await using var upstream = await DiscoveryRig.StartServerAsync("team-a");
        await using var gimbal = await DiscoveryRig.StartServerAsync("team-a");
        upstream.Create(TestObjects.Service("team-a", "web", 80) with { Metadata = new ObjectMeta { Namespace = "team-a", Name = "web", Labels = new Dictionary<string, string> { ["app"] = "web" }, Annotations = new Dictionary<string, string> { ["note"] = "kept" } } });
        upstream.Create(TestObjects.Endpoints("team-a", "web", 80, "10.1.0.1", "10.1.0.2"));
        await using var rig = new DiscoveryRig();
        await rig.StartAsync("east", upstream, gimbal);
        await using var reader = await GimbalReader.ForAsync(gimbal);

        await Eventually.True(async () => await DiscoveryRig.MirrorDifferenceAsync("east", upstream, gimbal) is null, "the mirror matches upstream");
        var mirror = (await reader.GetAsync<Service>("team-a", "east-web"))!;
        Assert.Equal("None", mirror.Spec!.ClusterIP);
        Assert.Equal("web", mirror.Metadata.Labels![GimbalLabels.Service]);
        Assert.Equal("web", mirror.Metadata.Labels["app"]);
        Assert.Equal("kept", mirror.Metadata.Annotations!["note"]);
        Assert.Equal(1080, mirror.Spec.Ports![0].TargetPort!.Value.Number);

        upstream.Replace(TestObjects.Endpoints("team-a", "web", 80, "10.1.0.3"));
        upstream.Create(TestObjects.Service("team-a", "api", 81));
        await Eventually.True(async () => await DiscoveryRig.MirrorDifferenceAsync("east", upstream, gimbal) is null && await reader.GetAsync<Service>("team-a", "east-api") is not null, "the change is mirrored");
        Assert.Equal("10.1.0.3", (await reader.GetAsync<EndpointSlice>("team-a", "east-web-0"))!.Endpoints![0].Addresses![0]);

        upstream.Delete(ResourceCatalog.Services, "team-a", "web");
        upstream.Delete(ResourceCatalog.Endpoints, "team-a", "web");
        await Eventually.True(async () => await reader.GetAsync<Service>("team-a", "east-web") is null, "the deletion is mirrored");
        await Eventually.True(async () => await DiscoveryRig.MirrorDifferenceAsync("east", upstream, gimbal) is null, "only the remaining mirror is left");
    }

    [Fact]
    public async Task Skips_kube_system_the_api_server_mirrors_and_filtered_namespaces_and_mirrors_external_names()
    {
        await using var upstream = await DiscoveryRig.StartServerAsync("team-a", "team-b", "secret");
        await using var gimbal = await DiscoveryRig.StartServerAsync("team-a", "team-b", "secret");
        upstream.Create(TestObjects.Service("default", "kubernetes", 443));
        upstream.Create(TestObjects.Service("kube-system", "dns", 53));
        upstream.Create(TestObjects.Service("secret", "vault", 8200));
        upstream.Create(TestObjects.Service("team-a", "west-web", 80) with { Metadata = new ObjectMeta { Namespace = "team-a", Name = "west-web", Labels = new Dictionary<string, string> { [GimbalLabels.Backend] = "west" } } });
        upstream.Create(new Service { Metadata = new ObjectMeta { Namespace = "team-b", Name = "search" }, Spec = new ServiceSpec { Type = "ExternalName", ExternalName = "search.example.com" } });
        upstream.Create(TestObjects.Service("team-b", "web", 80));
        await using var rig = new DiscoveryRig();
        await rig.StartAsync("east", upstream, gimbal, o => o.DenyNamespaces.Add("secret"));
        await using var reader = await GimbalReader.ForAsync(gimbal);

        await Eventually.True(async () => await reader.GetAsync<Service>("team-b", "east-web") is not null && await reader.GetAsync<Service>("team-b", "east-search") is not null, "the allowed services are mirrored");
        var external = (await reader.GetAsync<Service>("team-b", "east-search"))!;
        Assert.Equal("ExternalName", external.Spec!.Type);
        Assert.Equal("search.example.com", external.Spec.ExternalName);
        var owned = await reader.ListOwnedAsync<Service>("east");
        Assert.Equal(["team-b/east-search", "team-b/east-web"], owned.Select(s => s.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Upstream_endpoint_slices_are_read_where_served()
    {
        await using var upstream = await DiscoveryRig.StartServerAsync("team-a");
        await using var gimbal = await DiscoveryRig.StartServerAsync("team-a");
        upstream.Create(TestObjects.Service("team-a", "web", 80));
        upstream.Create(new EndpointSlice
        {
            Metadata = new ObjectMeta { Namespace = "team-a", Name = "web-x1", Labels = new Dictionary<string, string> { ["kubernetes.io/service-name"] = "web" } },
            AddressType = "IPv4",
            Endpoints = [new SliceEndpoint { Addresses = ["10.7.0.1"] }, new SliceEndpoint { Addresses = ["10.7.0.2"], Conditions = new EndpointConditions { Ready = false } }],
            Ports = [new EndpointPort { Name = "p80", Port = 1080, Protocol = "TCP" }],
        });
        await using var rig = new DiscoveryRig();
        await rig.StartAsync("east", upstream, gimbal);
        await using var reader = await GimbalReader.ForAsync(gimbal);

        await Eventually.True(async () => (await reader.GetAsync<Endpoints>("team-a", "east-web"))?.Subsets is { Count: 1 }, "the endpoints come from the upstream slice");
        var subset = (await reader.GetAsync<Endpoints>("team-a", "east-web"))!.Subsets![0];
        Assert.Equal("10.7.0.1", Assert.Single(subset.Addresses!).Ip);
        Assert.Equal("10.7.0.2", Assert.Single(subset.NotReadyAddresses!).Ip);
        var slice = (await reader.GetAsync<EndpointSlice>("team-a", "east-web-0"))!;
        Assert.Equal([true, false], slice.Endpoints!.Select(e => e.Conditions!.Ready!.Value));
    }

    [Fact]
    public async Task A_restarted_discoverer_collects_mirrors_of_services_deleted_while_it_was_down()
    {
        await using var upstream = await DiscoveryRig.StartServerAsync("team-a");
        await using var gimbal = await DiscoveryRig.StartServerAsync("team-a");
        upstream.Create(TestObjects.Service("team-a", "web", 80));
        upstream.Create(TestObjects.Endpoints("team-a", "web", 80, "10.1.0.1"));
        upstream.Create(TestObjects.Service("team-a", "old", 81));
        upstream.Create(TestObjects.Endpoints("team-a", "old", 81, "10.1.0.9"));
        await using var rig = new DiscoveryRig();
        var first = await rig.StartAsync("east", upstream, gimbal);
        await using var reader = await GimbalReader.ForAsync(gimbal);
        await Eventually.True(async () => await reader.GetAsync<EndpointSlice>("team-a", "east-old-0") is not null, "both are mirrored");
        await rig.StopAsync(first);

        upstream.Delete(ResourceCatalog.Services, "team-a", "old");
        upstream.Delete(ResourceCatalog.Endpoints, "team-a", "old");
        await rig.StartAsync("east", upstream, gimbal);

        await Eventually.True(async () => await DiscoveryRig.MirrorDifferenceAsync("east", upstream, gimbal) is null, "the orphan is collected");
        Assert.Null(await reader.GetAsync<Endpoints>("team-a", "east-old"));
    }

    [Fact]
    public async Task After_upstream_faults_during_churn_the_gimbal_cluster_equals_the_mirror_exactly()
    {
        await using var upstream = await DiscoveryRig.StartServerAsync("team-a", "team-b");
        await using var gimbal = await DiscoveryRig.StartServerAsync("team-a", "team-b");
        for (var i = 0; i < 20; i++)
        {
            upstream.Create(TestObjects.Service(i % 2 == 0 ? "team-a" : "team-b", $"svc-{i}", 80 + i));
            upstream.Create(TestObjects.Endpoints(i % 2 == 0 ? "team-a" : "team-b", $"svc-{i}", 80 + i, $"10.2.0.{i}"));
        }

        await using var rig = new DiscoveryRig();
        await rig.StartAsync("east", upstream, gimbal);
        await Eventually.True(async () => await DiscoveryRig.MirrorDifferenceAsync("east", upstream, gimbal) is null, "the first mirror is complete");

        for (var round = 0; round < 6; round++)
        {
            switch (round % 3)
            {
                case 0:
                    upstream.Faults.CloseAllWatches(abort: true);
                    break;
                case 1:
                    upstream.Faults.FailNextRequests(5, 500);
                    upstream.Faults.CloseAllWatches(abort: false);
                    break;
                default:
                    upstream.Faults.CompactHistory();
                    upstream.Faults.CloseAllWatches(abort: true);
                    break;
            }

            for (var i = 0; i < 20; i++)
            {
                var ns = i % 2 == 0 ? "team-a" : "team-b";
                if ((i + round) % 5 == 0)
                {
                    upstream.Delete(ResourceCatalog.Services, ns, $"svc-{i}");
                    upstream.Delete(ResourceCatalog.Endpoints, ns, $"svc-{i}");
                }
                else if ((i + round) % 5 == 1)
                {
                    upstream.Upsert(TestObjects.Service(ns, $"svc-{i}", 80 + i));
                    upstream.Upsert(TestObjects.Endpoints(ns, $"svc-{i}", 80 + i, $"10.3.{round}.{i}", $"10.4.{round}.{i}"));
                }
                else if ((i + round) % 5 == 2)
                {
                    upstream.Upsert(TestObjects.Endpoints(ns, $"svc-{i}", 80 + i, $"10.5.{round}.{i}"));
                }
            }
        }

        upstream.Faults.FailNextRequests(0, 500);
        await Eventually.True(async () => await DiscoveryRig.MirrorDifferenceAsync("east", upstream, gimbal) is null, "the mirror matches upstream exactly after the faults");
    }

    [Fact]
    public async Task A_failing_upstream_list_deletes_nothing_and_the_mirror_resumes_on_reconnect()
    {
        await using var upstream = await DiscoveryRig.StartServerAsync("team-a");
        await using var gimbal = await DiscoveryRig.StartServerAsync("team-a");
        upstream.Create(TestObjects.Service("team-a", "web", 80));
        upstream.Create(TestObjects.Endpoints("team-a", "web", 80, "10.1.0.1"));
        await using var rig = new DiscoveryRig();
        var first = await rig.StartAsync("east", upstream, gimbal);
        await using var reader = await GimbalReader.ForAsync(gimbal);
        await Eventually.True(async () => await reader.GetAsync<Service>("team-a", "east-web") is not null, "the service is mirrored");
        await rig.StopAsync(first);

        // A new discoverer that cannot read upstream at all.
        upstream.Requests.Clear();
        upstream.Faults.FailNextRequests(int.MaxValue, 500);
        var second = await rig.StartAsync("east", upstream, gimbal);
        await Eventually.True(() => !second.Status.Reachable, "the upstream is reported unreachable");
        await Eventually.True(() => upstream.Requests.Snapshot().Count >= 5, "the upstream is retried");
        Assert.NotNull(await reader.GetAsync<Service>("team-a", "east-web"));
        Assert.NotNull(await reader.GetAsync<Endpoints>("team-a", "east-web"));
        Assert.False(second.Status.Ready);

        upstream.Delete(ResourceCatalog.Services, "team-a", "web");
        upstream.Create(TestObjects.Service("team-a", "api", 81));
        upstream.Faults.FailNextRequests(0, 500);
        await Eventually.True(() => second.Status.Ready, "the discoverer recovers");
        await Eventually.True(async () => await DiscoveryRig.MirrorDifferenceAsync("east", upstream, gimbal) is null, "the mirror matches upstream after reconnecting");
    }

    [Fact]
    public async Task A_failing_gimbal_cluster_is_retried_until_the_mirror_is_written()
    {
        await using var upstream = await DiscoveryRig.StartServerAsync("team-a");
        await using var gimbal = await DiscoveryRig.StartServerAsync("team-a");
        upstream.Create(TestObjects.Service("team-a", "web", 80));
        upstream.Create(TestObjects.Endpoints("team-a", "web", 80, "10.1.0.1"));
        gimbal.Faults.FailNextRequests(12, 503);
        await using var rig = new DiscoveryRig();
        var discoverer = await rig.StartAsync("east", upstream, gimbal);

        await Eventually.True(async () => await DiscoveryRig.MirrorDifferenceAsync("east", upstream, gimbal) is null, "the mirror is written once the Gimbal cluster answers");
        Assert.True(discoverer.Status.Reconciled);
    }

    [Fact]
    public async Task The_periodic_resync_restores_tampered_mirrors_and_collects_planted_orphans()
    {
        await using var upstream = await DiscoveryRig.StartServerAsync("team-a");
        await using var gimbal = await DiscoveryRig.StartServerAsync("team-a");
        upstream.Create(TestObjects.Service("team-a", "web", 80));
        upstream.Create(TestObjects.Endpoints("team-a", "web", 80, "10.1.0.1"));
        await using var rig = new DiscoveryRig();
        await rig.StartAsync("east", upstream, gimbal, o => o.ResyncInterval = TimeSpan.FromMilliseconds(300));
        await Eventually.True(async () => await DiscoveryRig.MirrorDifferenceAsync("east", upstream, gimbal) is null, "the first mirror is complete");

        // Behind the discoverer's back: a mirror deleted, and an object planted with this backend's label.
        gimbal.Delete(ResourceCatalog.Endpoints, "team-a", "east-web");
        gimbal.Create(TestObjects.Mirror("east", "team-a", "ghost", 90, "10.9.9.9").Service);

        await Eventually.True(async () => await DiscoveryRig.MirrorDifferenceAsync("east", upstream, gimbal) is null, "the resync repairs the mirror");
    }

    [Fact]
    public async Task Two_discoverers_pointed_at_each_other_do_not_loop()
    {
        await using var a = await DiscoveryRig.StartServerAsync("team-a");
        await using var b = await DiscoveryRig.StartServerAsync("team-a");
        a.Create(TestObjects.Service("team-a", "web", 80));
        a.Create(TestObjects.Endpoints("team-a", "web", 80, "10.1.0.1"));
        b.Create(TestObjects.Service("team-a", "db", 5432));
        await using var rig = new DiscoveryRig();
        var ab = await rig.StartAsync("alpha", a, b);
        var ba = await rig.StartAsync("beta", b, a);

        await Eventually.True(async () => await DiscoveryRig.MirrorDifferenceAsync("alpha", a, b) is null && await DiscoveryRig.MirrorDifferenceAsync("beta", b, a) is null, "each side mirrors the other");
        await Eventually.True(() => ab.Engine.IsIdle && ba.Engine.IsIdle && ab.Status.Reconciled && ba.Status.Reconciled, "both are idle");
        await using var readA = await GimbalReader.ForAsync(a);
        await using var readB = await GimbalReader.ForAsync(b);

        Assert.Equal(["team-a/beta-db", "team-a/web"], (await readA.ListAsync<Service>("team-a")).Select(s => s.Key).Order(StringComparer.Ordinal));
        Assert.Equal(["team-a/alpha-web", "team-a/db"], (await readB.ListAsync<Service>("team-a")).Select(s => s.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Long_names_are_shortened_as_the_original_did()
    {
        await using var upstream = await DiscoveryRig.StartServerAsync("team-a");
        await using var gimbal = await DiscoveryRig.StartServerAsync("team-a");
        var longName = "a-very-long-service-name-that-goes-on-and-on-for-quite-a-while";
        upstream.Create(TestObjects.Service("team-a", longName, 80));
        await using var rig = new DiscoveryRig();
        await rig.StartAsync("cluster-east-production", upstream, gimbal);
        await using var reader = await GimbalReader.ForAsync(gimbal);

        var expected = ExpectedShortName("cluster-east-production", longName);
        Assert.True(expected.Length < 63);
        await Eventually.True(async () => await reader.GetAsync<Service>("team-a", expected) is not null, $"{expected} exists");
        Assert.Equal(longName, (await reader.GetAsync<Service>("team-a", expected))!.Metadata.Labels![GimbalLabels.Service]);
    }

    /// <summary>The original's rule, spelled out: cut parts from the last, each to 63/parts characters ending in 6 hex digits of its SHA-256.</summary>
    private static string ExpectedShortName(string backend, string name)
    {
        var joined = $"{backend}-{name}";
        if (joined.Length < 63)
        {
            return joined;
        }

        var each = 63 / 2;
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(name)))[..6];
        var shortName = name.Length <= each ? name : name[..(each - 6)] + hash;
        return $"{backend}-{shortName}";
    }
}
