using Gimbal.Core.Kubernetes;
using Gimbal.Core.Naming;
using Gimbal.Discovery.OpenStack;
using Gimbal.Discovery.Tests.Mirroring;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gimbal.Discovery.Tests.OpenStack;

/// <summary>End to end: fake OpenStack → discoverer → mirroring engine → test Kubernetes API server.</summary>
public sealed class OpenStackMirroringTests
{
    [Fact]
    public async Task Load_balancers_are_mirrored_and_a_failed_read_deletes_nothing()
    {
        await using var cloud = await OpenStackTestCloud.StartAsync();
        await using var cluster = await GimbalCluster.StartAsync("team-a", "team-b");
        var (teamA, lbA, _, _) = cloud.SeedProject("team-a", 443, "10.0.0.1", "10.0.0.2");
        var (_, lbB, poolB, _) = cloud.SeedProject("team-b", 80, "10.0.1.1");
        var (service, engine) = Start(cloud, cluster);

        await service.CycleAsync(CancellationToken.None);
        var nameA = GimbalNames.BuildDiscoveredName("openstack", lbA);
        var nameB = GimbalNames.BuildDiscoveredName("openstack", lbB);
        await Eventually.True(() => engine.IsIdle && cluster.Server.Get<Endpoints>("team-a", nameA) is not null && cluster.Server.Get<Endpoints>("team-b", nameB) is not null, "both load balancers are mirrored");

        var mirrored = cluster.Server.Get<Service>("team-a", nameA)!;
        Assert.Equal("None", mirrored.Spec!.ClusterIP);
        Assert.Equal("openstack", mirrored.Metadata.Labels![GimbalLabels.Backend]);
        Assert.Equal(lbA, mirrored.Metadata.Labels[Gimbal.Discovery.OpenStack.Mapping.OpenStackLabels.LoadBalancerId]);
        Assert.Equal(["10.0.0.1", "10.0.0.2"], cluster.Server.Get<Endpoints>("team-a", nameA)!.Subsets!.Single().Addresses!.Select(a => a.Ip));

        // team-a's load balancers cannot be listed this cycle, and team-b gains a member: team-a stays as it was.
        cloud.Server.Faults.Fail("/lbaas/loadbalancers?project_id=" + teamA, 500, times: 1);
        cloud.Server.AddMember(poolB, "10.0.1.2", 8080);
        await service.CycleAsync(CancellationToken.None);
        await Eventually.True(() => engine.IsIdle && cluster.Server.Get<Endpoints>("team-b", nameB)!.Subsets!.Single().Addresses!.Count == 2, "team-b's new member is mirrored");
        Assert.NotNull(cluster.Server.Get<Service>("team-a", nameA));
        Assert.NotNull(cluster.Server.Get<Endpoints>("team-a", nameA));

        // The project goes away: its mirror is deleted.
        cloud.Server.RemoveProject("team-a");
        await service.CycleAsync(CancellationToken.None);
        await Eventually.True(() => engine.IsIdle && cluster.Server.Get<Service>("team-a", nameA) is null, "team-a's mirror is deleted");
        Assert.NotNull(cluster.Server.Get<Service>("team-b", nameB));
    }

    [Fact]
    public async Task A_project_without_a_namespace_does_not_hold_up_the_others_and_member_weights_travel()
    {
        await using var cloud = await OpenStackTestCloud.StartAsync();
        await using var cluster = await GimbalCluster.StartAsync("team-a");
        var (_, lbA, poolA, _) = cloud.SeedProject("team-a", 80, "10.0.0.1");
        cloud.Server.AddMember(poolA, "10.0.0.2", 8080, weight: 7);
        cloud.SeedProject("team-c", 80, "10.0.2.1");
        var (service, _) = Start(cloud, cluster);

        await service.CycleAsync(CancellationToken.None);

        var name = GimbalNames.BuildDiscoveredName("openstack", lbA);
        await Eventually.True(() => cluster.Server.Get<Endpoints>("team-a", name) is not null, "team-a is mirrored");
        var annotations = cluster.Server.Get<Endpoints>("team-a", name)!.Metadata.Annotations!;
        Assert.Equal("10.0.0.1:8080=1,10.0.0.2:8080=7", annotations[Gimbal.Discovery.OpenStack.Mapping.OpenStackLabels.MemberWeights]);
        Assert.Empty(cluster.Server.List<Service>("team-c"));
        Assert.DoesNotContain(cluster.Server.List<Namespace>(), n => n.Metadata.Name == "team-c");
    }

    [Fact]
    public async Task Failing_to_authenticate_deletes_nothing()
    {
        await using var cloud = await OpenStackTestCloud.StartAsync();
        await using var cluster = await GimbalCluster.StartAsync("team-a");
        var (_, lbA, _, _) = cloud.SeedProject("team-a", 80, "10.0.0.1");
        var (service, engine) = Start(cloud, cluster);
        var name = GimbalNames.BuildDiscoveredName("openstack", lbA);
        await service.CycleAsync(CancellationToken.None);
        await Eventually.True(() => engine.IsIdle && cluster.Server.Get<Service>("team-a", name) is not null, "the load balancer is mirrored");

        cloud.Server.RevokeAllTokens();
        cloud.Server.Faults.Fail("/identity/v3/auth/tokens", 503);
        await service.CycleAsync(CancellationToken.None);
        await Eventually.True(() => engine.IsIdle, "the engine is idle");

        Assert.False(service.Status.Reachable);
        Assert.True(service.Status.Reconciled);
        Assert.NotNull(cluster.Server.Get<Service>("team-a", name));
        Assert.NotNull(cluster.Server.Get<Endpoints>("team-a", name));
    }

    [Fact]
    public async Task The_discovery_loop_keeps_the_cluster_in_step_with_member_changes()
    {
        await using var cloud = await OpenStackTestCloud.StartAsync();
        await using var cluster = await GimbalCluster.StartAsync("team-a");
        var (_, lbA, _, members) = cloud.SeedProject("team-a", 80, "10.0.0.1", "10.0.0.2");
        var options = cloud.Options() with { ReconciliationPeriod = TimeSpan.FromMilliseconds(200) };
        var (service, engine) = Start(cloud, cluster, options);
        var name = GimbalNames.BuildDiscoveredName("openstack", lbA);

        await service.StartAsync(CancellationToken.None);
        try
        {
            await Eventually.True(() => cluster.Server.Get<Endpoints>("team-a", name)?.Subsets?.Single().Addresses?.Count == 2, "both members are ready");
            cloud.Server.UpdateMember(members[1], operatingStatus: "ERROR");
            await Eventually.True(() => cluster.Server.Get<Endpoints>("team-a", name)?.Subsets?.Single() is { Addresses.Count: 1, NotReadyAddresses.Count: 1 }, "the failed member is not ready");
            Assert.True(service.Cycles >= 2);
            Assert.True(service.Status.Ready);
        }
        finally
        {
            await service.StopAsync(CancellationToken.None);
        }

        Assert.True(engine.Writes > 0);
    }

    private static (OpenStackDiscoveryService Service, Gimbal.Discovery.Mirroring.MirrorEngine Engine) Start(OpenStackTestCloud cloud, GimbalCluster cluster, OpenStackOptions? options = null)
    {
        options ??= cloud.Options();
        var engine = cluster.StartEngine("openstack", o => o.BackendType = OpenStackDiscoverer.BackendType);
        var (discoverer, _) = cloud.Discoverer(options);
        var service = new OpenStackDiscoveryService(discoverer, engine, options, new OpenStackMetrics(cloud.Metrics, options.BackendName), TimeProvider.System, NullLogger<OpenStackDiscoveryService>.Instance);
        return (service, engine);
    }
}
