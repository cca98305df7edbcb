using Gimbal.Core.Kubernetes;
using Gimbal.Discovery.Mirroring;

namespace Gimbal.Discovery.Tests.Mirroring;

public sealed class EndpointsKindTests
{
    private const string Backend = "east";
    private const string MirroringController = "endpointslicemirroring-controller.k8s.io";

    [Fact]
    public async Task Endpoints_only_lets_the_cluster_mirror_them_and_leaves_its_slices_alone()
    {
        await using var cluster = await GimbalCluster.StartAsync("team-a");
        var engine = cluster.StartEngine(Backend, o => o.EndpointsKind = EndpointsKind.Endpoints);
        var mirror = TestObjects.Mirror(Backend, "team-a", "web", 80, "10.0.0.1");
        var upstreamSkip = mirror with { Endpoints = mirror.Endpoints with { Metadata = mirror.Endpoints.Metadata with { Labels = new Dictionary<string, string>(mirror.Endpoints.Metadata.Labels!) { [MirrorLabels.SkipMirror] = "true" } } } };
        await engine.ReconcileAsync(TestObjects.Set(Backend, upstreamSkip), CancellationToken.None);
        await Eventually.True(async () => engine.IsIdle && (await cluster.GetAsync<Endpoints>("team-a", "east-web")) is not null, "the mirror exists");

        var endpoints = (await cluster.GetAsync<Endpoints>("team-a", "east-web"))!;
        Assert.False(endpoints.Metadata.Labels!.ContainsKey(MirrorLabels.SkipMirror));
        Assert.Empty(await cluster.ListAsync<EndpointSlice>("team-a"));
        Assert.Equal(2, engine.Writes);

        // What kube-controller-manager's mirroring controller makes of it: the Endpoints' labels, backend included.
        cluster.Server.Create(ControllerSlice("team-a", "east-web", "east-web-x7k2p", endpoints.Metadata.Labels!));
        var writes = engine.Writes;
        cluster.Server.Requests.Clear();
        await engine.ReconcileAsync(TestObjects.Set(Backend, upstreamSkip), CancellationToken.None);
        await Eventually.True(() => engine.IsIdle, "the resync is done");

        Assert.Equal(writes, engine.Writes);
        Assert.DoesNotContain(cluster.Server.Requests.Snapshot(), r => r.Method is "POST" or "PUT" or "PATCH" or "DELETE");
        Assert.NotNull(await cluster.GetAsync<EndpointSlice>("team-a", "east-web-x7k2p"));
    }

    [Fact]
    public async Task EndpointSlices_only_writes_no_Endpoints_and_a_resync_writes_nothing()
    {
        await using var cluster = await GimbalCluster.StartAsync("team-a");
        var engine = cluster.StartEngine(Backend, o => o.EndpointsKind = EndpointsKind.EndpointSlices);
        var set = TestObjects.Set(Backend, TestObjects.Mirror(Backend, "team-a", "web", 80, "10.0.0.1", "10.0.0.2"));
        await engine.ReconcileAsync(set, CancellationToken.None);
        await Eventually.True(async () => engine.IsIdle && (await cluster.GetAsync<EndpointSlice>("team-a", "east-web-0")) is not null, "the mirror exists");

        Assert.NotNull(await cluster.GetAsync<Service>("team-a", "east-web"));
        Assert.Null(await cluster.GetAsync<Endpoints>("team-a", "east-web"));
        Assert.Equal(2, (await cluster.GetAsync<EndpointSlice>("team-a", "east-web-0"))!.Endpoints!.Count);
        Assert.Equal(2, engine.Writes);

        cluster.Server.Requests.Clear();
        await engine.ReconcileAsync(set, CancellationToken.None);
        await Eventually.True(() => engine.IsIdle, "the resync is done");
        Assert.Equal(2, engine.Writes);
        Assert.DoesNotContain(cluster.Server.Requests.Snapshot(), r => r.Method is "POST" or "PUT" or "PATCH" or "DELETE");
    }

    [Fact]
    public async Task A_restart_under_another_kind_removes_what_that_kind_does_not_write()
    {
        await using var cluster = await GimbalCluster.StartAsync("team-a");
        var set = TestObjects.Set(Backend, TestObjects.Mirror(Backend, "team-a", "web", 80, "10.0.0.1"));
        var both = cluster.StartEngine(Backend);
        await both.ReconcileAsync(set, CancellationToken.None);
        await Eventually.True(async () => both.IsIdle && (await cluster.GetAsync<EndpointSlice>("team-a", "east-web-0")) is not null && (await cluster.GetAsync<Endpoints>("team-a", "east-web")) is not null, "both kinds exist");

        var slicesOnly = cluster.StartEngine(Backend, o => o.EndpointsKind = EndpointsKind.EndpointSlices);
        await slicesOnly.ReconcileAsync(set, CancellationToken.None);
        await Eventually.True(async () => slicesOnly.IsIdle && (await cluster.GetAsync<Endpoints>("team-a", "east-web")) is null, "the Endpoints are gone");
        Assert.NotNull(await cluster.GetAsync<EndpointSlice>("team-a", "east-web-0"));

        var endpointsOnly = cluster.StartEngine(Backend, o => o.EndpointsKind = EndpointsKind.Endpoints);
        await endpointsOnly.ReconcileAsync(set, CancellationToken.None);
        await Eventually.True(async () => endpointsOnly.IsIdle && (await cluster.GetAsync<EndpointSlice>("team-a", "east-web-0")) is null, "Gimbal's slices are gone");
        var endpoints = (await cluster.GetAsync<Endpoints>("team-a", "east-web"))!;
        Assert.False(endpoints.Metadata.Labels!.ContainsKey(MirrorLabels.SkipMirror));
        Assert.Equal(["10.0.0.1"], endpoints.Subsets!.SelectMany(s => s.Addresses!).Select(a => a.Ip!));
    }

    [Fact]
    public async Task Removing_a_service_leaves_the_mirroring_controllers_slices_to_the_cluster()
    {
        await using var cluster = await GimbalCluster.StartAsync("team-a");
        var engine = cluster.StartEngine(Backend, o => o.EndpointsKind = EndpointsKind.Endpoints);
        var set = TestObjects.Set(Backend, TestObjects.Mirror(Backend, "team-a", "web", 80, "10.0.0.1"));
        await engine.ReconcileAsync(set, CancellationToken.None);
        await Eventually.True(async () => engine.IsIdle && (await cluster.GetAsync<Endpoints>("team-a", "east-web")) is not null, "the mirror exists");
        cluster.Server.Create(ControllerSlice("team-a", "east-web", "east-web-x7k2p", (await cluster.GetAsync<Endpoints>("team-a", "east-web"))!.Metadata.Labels!));

        // A resync lists the backend's objects again, the controller's slice among them.
        await engine.ReconcileAsync(set, CancellationToken.None);
        await Eventually.True(() => engine.IsIdle, "the resync is done");
        engine.Remove("team-a", "east-web");
        await Eventually.True(async () => engine.IsIdle && (await cluster.GetAsync<Service>("team-a", "east-web")) is null, "the mirror is gone");

        Assert.Null(await cluster.GetAsync<Endpoints>("team-a", "east-web"));
        Assert.DoesNotContain(cluster.Server.Requests.Snapshot(), r => r.Method == "DELETE" && r.PathAndQuery.Contains("east-web-x7k2p", StringComparison.Ordinal));
    }

    private static EndpointSlice ControllerSlice(string ns, string service, string name, IReadOnlyDictionary<string, string> endpointsLabels) => new()
    {
        Metadata = new ObjectMeta
        {
            Namespace = ns,
            Name = name,
            Labels = new Dictionary<string, string>(endpointsLabels) { [MirrorLabels.ServiceName] = service, [MirrorLabels.ManagedBy] = MirroringController },
        },
        AddressType = "IPv4",
        Endpoints = [new SliceEndpoint { Addresses = ["10.0.0.1"], Conditions = new EndpointConditions { Ready = true } }],
        Ports = [new EndpointPort { Name = "p80", Port = 1080, Protocol = "TCP" }],
    };
}
