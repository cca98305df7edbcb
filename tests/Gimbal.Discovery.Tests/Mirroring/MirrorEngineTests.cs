using Gimbal.Core.Kubernetes;
using Gimbal.Core.Naming;
using System.Diagnostics.Metrics;
using Gimbal.Discovery.Metrics;
using Gimbal.Discovery.Mirroring;
using Microsoft.Extensions.DependencyInjection;

namespace Gimbal.Discovery.Tests.Mirroring;

public sealed class MirrorEngineTests
{
    private const string Backend = "east";

    [Fact]
    public async Task Creates_service_endpoints_and_slices_and_a_resync_without_change_writes_nothing()
    {
        await using var cluster = await GimbalCluster.StartAsync("team-a");
        var engine = cluster.StartEngine(Backend);
        var set = TestObjects.Set(Backend, TestObjects.Mirror(Backend, "team-a", "web", 80, "10.0.0.1", "10.0.0.2"));

        await engine.ReconcileAsync(set, CancellationToken.None);
        await Eventually.True(async () => engine.IsIdle && (await cluster.GetAsync<EndpointSlice>("team-a", "east-web-0")) is not null, "the mirror exists");

        var service = (await cluster.GetAsync<Service>("team-a", "east-web"))!;
        Assert.Equal("None", service.Spec!.ClusterIP);
        Assert.Equal(Backend, service.Metadata.Labels![GimbalLabels.Backend]);
        var endpoints = (await cluster.GetAsync<Endpoints>("team-a", "east-web"))!;
        Assert.Equal(["10.0.0.1", "10.0.0.2"], endpoints.Subsets!.SelectMany(s => s.Addresses!).Select(a => a.Ip!).Order());
        Assert.Equal("true", endpoints.Metadata.Labels![MirrorLabels.SkipMirror]);
        var slice = (await cluster.GetAsync<EndpointSlice>("team-a", "east-web-0"))!;
        Assert.Equal("east-web", slice.Metadata.Labels![MirrorLabels.ServiceName]);
        Assert.Equal(MirrorLabels.ManagedByGimbal, slice.Metadata.Labels[MirrorLabels.ManagedBy]);
        Assert.Equal(2, slice.Endpoints!.Count);

        var writes = engine.Writes;
        cluster.Server.Requests.Clear();
        await engine.ReconcileAsync(set, CancellationToken.None);
        await Eventually.True(() => engine.IsIdle, "the resync is done");

        Assert.Equal(writes, engine.Writes);
        Assert.DoesNotContain(cluster.Server.Requests.Snapshot(), r => r.Method is "POST" or "PUT" or "PATCH" or "DELETE");
    }

    [Fact]
    public async Task Updates_what_changed_and_deletes_only_its_own_objects()
    {
        await using var cluster = await GimbalCluster.StartAsync("team-a");
        var engine = cluster.StartEngine(Backend);
        await engine.ReconcileAsync(TestObjects.Set(Backend, TestObjects.Mirror(Backend, "team-a", "web", 80, "10.0.0.1"), TestObjects.Mirror(Backend, "team-a", "api", 81, "10.0.1.1")), CancellationToken.None);
        await Eventually.True(async () => engine.IsIdle && (await cluster.ListAsync<Service>("team-a")).Count == 2, "both mirrors exist");

        // Someone else's objects in the same namespace: one unlabelled, one from another backend.
        cluster.Server.Create(TestObjects.Service("team-a", "hand-made", 80));
        var otherBackend = TestObjects.Mirror("west", "team-a", "web", 80, "10.9.0.1");
        cluster.Server.Create(otherBackend.Service);

        await engine.ReconcileAsync(TestObjects.Set(Backend, TestObjects.Mirror(Backend, "team-a", "web", 80, "10.0.0.1", "10.0.0.3")), CancellationToken.None);
        await Eventually.True(async () => engine.IsIdle && (await cluster.GetAsync<Service>("team-a", "east-api")) is null, "the dropped mirror is deleted");

        Assert.Null((await cluster.GetAsync<Endpoints>("team-a", "east-api")));
        Assert.DoesNotContain((await cluster.ListAsync<EndpointSlice>("team-a")), s => s.Metadata.Name!.StartsWith("east-api", StringComparison.Ordinal));
        Assert.Equal(["10.0.0.1", "10.0.0.3"], (await cluster.GetAsync<Endpoints>("team-a", "east-web"))!.Subsets!.SelectMany(s => s.Addresses!).Select(a => a.Ip!).Order());
        Assert.Equal(2, (await cluster.GetAsync<EndpointSlice>("team-a", "east-web-0"))!.Endpoints!.Count);
        Assert.NotNull((await cluster.GetAsync<Service>("team-a", "hand-made")));
        Assert.NotNull((await cluster.GetAsync<Service>("team-a", "west-web")));
    }

    [Fact]
    public async Task Never_overwrites_an_object_it_does_not_own()
    {
        await using var cluster = await GimbalCluster.StartAsync("team-a");
        var squatter = TestObjects.Service("team-a", "east-web", 9999);
        cluster.Server.Create(squatter);
        var engine = cluster.StartEngine(Backend);

        await engine.ReconcileAsync(TestObjects.Set(Backend, TestObjects.Mirror(Backend, "team-a", "web", 80, "10.0.0.1"), TestObjects.Mirror(Backend, "team-a", "api", 81, "10.0.1.1")), CancellationToken.None);
        await Eventually.True(async () => (await cluster.GetAsync<Service>("team-a", "east-api")) is not null, "the other mirror exists");

        var stillThere = (await cluster.GetAsync<Service>("team-a", "east-web"))!;
        Assert.Equal(9999, stillThere.Spec!.Ports![0].Port);
        Assert.False(stillThere.Metadata.Labels!.ContainsKey(GimbalLabels.Backend));

        // Endpoints are only written once the Service is known to be this backend's.
        Assert.Null(await cluster.GetAsync<Endpoints>("team-a", "east-web"));
        Assert.Null(await cluster.GetAsync<EndpointSlice>("team-a", "east-web-0"));
    }

    [Fact]
    public async Task A_failed_list_of_the_gimbal_cluster_or_an_incomplete_read_deletes_nothing()
    {
        await using var cluster = await GimbalCluster.StartAsync("team-a", "team-b");
        var engine = cluster.StartEngine(Backend);
        await engine.ReconcileAsync(TestObjects.Set(Backend, TestObjects.Mirror(Backend, "team-a", "web", 80, "10.0.0.1"), TestObjects.Mirror(Backend, "team-b", "api", 81, "10.0.1.1")), CancellationToken.None);
        await Eventually.True(async () => engine.IsIdle && (await cluster.ListAsync<Service>()).Count(s => s.Metadata.Name!.StartsWith("east-", StringComparison.Ordinal)) == 2, "both mirrors exist");

        cluster.Server.Faults.FailNextRequests(1, 500);
        await Assert.ThrowsAsync<MirrorTargetException>(() => engine.ReconcileAsync(TestObjects.Set(Backend), CancellationToken.None));

        await engine.ReconcileAsync(TestObjects.Set(Backend) with { Complete = false }, CancellationToken.None);
        await Eventually.True(() => engine.IsIdle, "the incomplete reconcile is done");
        await engine.ReconcileAsync(TestObjects.Set(Backend, TestObjects.Mirror(Backend, "team-a", "web", 80, "10.0.0.1")) with { IncompleteNamespaces = new HashSet<string> { "team-b" } }, CancellationToken.None);
        await Eventually.True(() => engine.IsIdle, "the partial reconcile is done");

        Assert.NotNull((await cluster.GetAsync<Service>("team-a", "east-web")));
        Assert.NotNull((await cluster.GetAsync<Service>("team-b", "east-api")));
        Assert.NotNull((await cluster.GetAsync<Endpoints>("team-b", "east-api")));
    }

    [Fact]
    public async Task A_restarted_engine_collects_the_orphans_of_its_backend()
    {
        await using var cluster = await GimbalCluster.StartAsync("team-a");
        var first = cluster.StartEngine(Backend);
        await first.ReconcileAsync(TestObjects.Set(Backend, TestObjects.Mirror(Backend, "team-a", "web", 80, "10.0.0.1"), TestObjects.Mirror(Backend, "team-a", "gone", 81, "10.0.1.1")), CancellationToken.None);
        await Eventually.True(async () => first.IsIdle && (await cluster.GetAsync<EndpointSlice>("team-a", "east-gone-0")) is not null, "both mirrors exist");

        // A new process knows nothing but what upstream has now.
        var second = cluster.StartEngine(Backend);
        await second.ReconcileAsync(TestObjects.Set(Backend, TestObjects.Mirror(Backend, "team-a", "web", 80, "10.0.0.1")), CancellationToken.None);
        await Eventually.True(async () => second.IsIdle && (await cluster.GetAsync<Service>("team-a", "east-gone")) is null, "the orphan is collected");

        Assert.Null((await cluster.GetAsync<Endpoints>("team-a", "east-gone")));
        Assert.Null((await cluster.GetAsync<EndpointSlice>("team-a", "east-gone-0")));
        Assert.NotNull((await cluster.GetAsync<Service>("team-a", "east-web")));
    }

    [Fact]
    public async Task A_missing_namespace_is_retried_until_it_exists()
    {
        await using var cluster = await GimbalCluster.StartAsync();
        using var measurements = new MeasurementLog(cluster.Services.GetRequiredService<IMeterFactory>());
        var engine = cluster.StartEngine(Backend);
        await engine.ReconcileAsync(TestObjects.Set(Backend, TestObjects.Mirror(Backend, "late", "web", 80, "10.0.0.1")), CancellationToken.None);
        await Eventually.True(() => cluster.Server.Requests.Snapshot().Count(r => r.PathAndQuery == "/api/v1/namespaces/late") >= 3, "the engine keeps retrying");
        Assert.False(engine.IsIdle);
        Assert.True(measurements.Sum(DiscovererMetrics.DiscovererErrorTotal, "errortype", "NamespaceNotFound") >= 3);

        cluster.Server.CreateNamespace("late");
        await Eventually.True(async () => engine.IsIdle && (await cluster.GetAsync<EndpointSlice>("late", "east-web-0")) is not null, "the mirror exists once the namespace does");
    }

    [Fact]
    public async Task Workers_reaching_a_new_namespace_together_check_it_once()
    {
        await using var cluster = await GimbalCluster.StartAsync("team-a");
        var engine = cluster.StartEngine(Backend, o => o.Workers = 8);
        var mirrors = Enumerable.Range(0, 40).Select(i => TestObjects.Mirror(Backend, "team-a", $"web-{i}", 80, "10.0.0.1")).ToArray();
        await engine.ReconcileAsync(TestObjects.Set(Backend, mirrors), CancellationToken.None);
        await Eventually.True(async () => engine.IsIdle && (await cluster.ListAsync<Service>("team-a")).Count == 40, "every mirror exists");

        Assert.Single(cluster.Server.Requests.Snapshot(), r => r.Method == "GET" && r.PathAndQuery == "/api/v1/namespaces/team-a");
    }

    [Fact]
    public async Task Creates_a_missing_namespace_when_asked_to()
    {
        await using var cluster = await GimbalCluster.StartAsync();
        var engine = cluster.StartEngine(Backend, o => o.CreateNamespaces = true);
        await engine.ReconcileAsync(TestObjects.Set(Backend, TestObjects.Mirror(Backend, "fresh", "web", 80, "10.0.0.1")), CancellationToken.None);
        await Eventually.True(async () => engine.IsIdle && (await cluster.GetAsync<Service>("fresh", "east-web")) is not null, "the namespace and mirror exist");
        Assert.NotNull((await cluster.GetAsync<Namespace>(null, "fresh")));
    }

    [Fact]
    public async Task Write_failures_are_retried_until_they_succeed()
    {
        await using var cluster = await GimbalCluster.StartAsync("team-a");
        var engine = cluster.StartEngine(Backend);
        await engine.ReconcileAsync(TestObjects.Set(Backend), CancellationToken.None);

        // More failures than the original's three tries.
        cluster.Server.Faults.FailNextRequests(8, 503);
        engine.Upsert(TestObjects.Mirror(Backend, "team-a", "web", 80, "10.0.0.1"));
        await Eventually.True(async () => engine.IsIdle && (await cluster.GetAsync<EndpointSlice>("team-a", "east-web-0")) is not null, "the mirror exists after the faults");
        Assert.NotNull((await cluster.GetAsync<Endpoints>("team-a", "east-web")));
    }

    [Fact]
    public async Task Upstream_changes_one_at_a_time_update_and_remove_the_mirror()
    {
        await using var cluster = await GimbalCluster.StartAsync("team-a");
        var engine = cluster.StartEngine(Backend);
        await engine.ReconcileAsync(TestObjects.Set(Backend), CancellationToken.None);

        engine.Upsert(TestObjects.Mirror(Backend, "team-a", "web", 80, "10.0.0.1"));
        await Eventually.True(async () => (await cluster.GetAsync<Endpoints>("team-a", "east-web")) is not null, "the mirror exists");
        engine.Upsert(TestObjects.Mirror(Backend, "team-a", "web", 8080, "10.0.0.2"));
        await Eventually.True(async () => (await cluster.GetAsync<Service>("team-a", "east-web"))?.Spec?.Ports?[0].Port == 8080, "the port changes");
        await Eventually.True(async () => (await cluster.GetAsync<EndpointSlice>("team-a", "east-web-0"))?.Endpoints?[0].Addresses?[0] == "10.0.0.2", "the slice follows");

        engine.Remove("team-a", "east-web");
        await Eventually.True(async () => engine.IsIdle && (await cluster.GetAsync<Service>("team-a", "east-web")) is null, "the mirror is gone");
        Assert.Null((await cluster.GetAsync<EndpointSlice>("team-a", "east-web-0")));
    }
}
