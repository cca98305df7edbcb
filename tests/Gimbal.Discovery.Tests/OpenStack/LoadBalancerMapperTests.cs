using Gimbal.Core.Diagnostics;
using Gimbal.Core.Naming;
using Gimbal.Discovery.OpenStack.Mapping;
using Gimbal.Discovery.OpenStack.Model;

namespace Gimbal.Discovery.Tests.OpenStack;

public sealed class LoadBalancerMapperTests
{
    private const string LbId = "607226db-27ef-4d41-ae89-f2a800e9c2db";
    private const string PoolId = "ddb2b28f-89e9-45d3-a329-a359c3e39e4a";

    [Fact]
    public void A_load_balancer_becomes_a_headless_service_with_a_port_per_listener()
    {
        var inventory = Inventory(
            [Lb()],
            [Listener("l1", 443, PoolId), Listener("l2", 80, "pool-80")],
            [new Pool { Id = PoolId }, new Pool { Id = "pool-80" }],
            new() { [PoolId] = [Member("m1", "192.0.2.16", 8443)], ["pool-80"] = [Member("m2", "192.0.2.17", 8080), Member("m3", "192.0.2.16", 8080)] });

        var result = LoadBalancerMapper.Map("openstack", [inventory]);

        Assert.Empty(result.Diagnostics);
        var mirror = Assert.Single(result.Services);
        var service = mirror.Service;
        Assert.Equal("openstack-" + LbId, service.Metadata.Name);
        Assert.Equal("team-a", service.Metadata.Namespace);
        Assert.Equal("None", service.Spec!.ClusterIP);
        Assert.Null(service.Spec.Selector);
        Assert.Equal(
            [("port-443", 443, 443, "TCP"), ("port-80", 80, 80, "TCP")],
            service.Spec.Ports!.Select(p => (p.Name!, p.Port, p.TargetPort!.Value.Number!.Value, p.Protocol!)).OrderBy(p => p.Item1, StringComparer.Ordinal));
        var labels = service.Metadata.Labels!;
        Assert.Equal("openstack", labels[GimbalLabels.Backend]);
        Assert.Equal(LbId, labels[GimbalLabels.Service]);
        Assert.Equal(LbId, labels[OpenStackLabels.LoadBalancerId]);
        Assert.Equal("best_load_balancer", labels[OpenStackLabels.LoadBalancerName]);

        Assert.Equal(service.Metadata.Name, mirror.Endpoints.Metadata.Name);
        Assert.Equal(labels, mirror.Endpoints.Metadata.Labels);
        var subsets = mirror.Endpoints.Subsets!;
        Assert.Equal(2, subsets.Count);
        Assert.Equal(("port-443", 8443), (subsets[0].Ports![0].Name!, subsets[0].Ports![0].Port));
        Assert.Equal(["192.0.2.16"], subsets[0].Addresses!.Select(a => a.Ip));
        Assert.Equal(("port-80", 8080), (subsets[1].Ports![0].Name!, subsets[1].Ports![0].Port));
        Assert.Equal(["192.0.2.16", "192.0.2.17"], subsets[1].Addresses!.Select(a => a.Ip));

        Assert.Equal(1, result.Totals.UpstreamServices["team-a"]);
        Assert.Equal(0, result.Totals.InvalidServices["team-a"]);
        Assert.Equal(3, result.Totals.UpstreamEndpoints[("team-a", service.Metadata.Name!)]);
    }

    [Fact]
    public void The_same_inventory_always_maps_to_the_same_objects()
    {
        ProjectInventory Make(bool reversed)
        {
            List<Member> members = [Member("a", "10.0.0.2", 80), Member("b", "10.0.0.1", 80, weight: 3), Member("c", "10.0.0.3", 81)];
            if (reversed)
            {
                members.Reverse();
            }

            return Inventory([Lb()], [Listener("l1", 80, PoolId)], [new Pool { Id = PoolId }], new() { [PoolId] = members });
        }

        var first = LoadBalancerMapper.Map("openstack", [Make(false)]).Services.Single();
        var second = LoadBalancerMapper.Map("openstack", [Make(true)]).Services.Single();

        Assert.Equal(Gimbal.Core.Kubernetes.KubernetesJson.Serialize(first.Endpoints), Gimbal.Core.Kubernetes.KubernetesJson.Serialize(second.Endpoints));
        Assert.Equal("10.0.0.1:80=3,10.0.0.2:80=1,10.0.0.3:81=1", first.Endpoints.Metadata.Annotations![OpenStackLabels.MemberWeights]);
    }

    [Fact]
    public void Load_balancer_names_are_sanitised_into_label_values()
    {
        var longName = "My LB: " + new string('x', 80) + "!";
        var result = LoadBalancerMapper.Map("openstack", [Inventory([Lb() with { Name = longName }], [Listener("l1", 80, PoolId)], [new Pool { Id = PoolId }], new() { [PoolId] = [Member("m", "10.0.0.1", 80)] })]);

        var value = result.Services.Single().Service.Metadata.Labels![OpenStackLabels.LoadBalancerName];
        Assert.True(value.Length <= 63);
        Assert.Matches("^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$", value);
        Assert.StartsWith("My-LB--xxx", value, StringComparison.Ordinal);
        Assert.Equal(string.Empty, OpenStackLabels.SanitiseLabelValue("!!!"));
    }

    [Fact]
    public void A_project_name_that_cannot_be_a_namespace_is_a_diagnostic_and_nothing_else_changes()
    {
        var bad = Inventory([Lb()], [Listener("l1", 80, PoolId)], [new Pool { Id = PoolId }], new() { [PoolId] = [Member("m", "10.0.0.1", 80)] }, project: "alt_demo");
        var good = Inventory([Lb() with { Id = "0fdb0ca7-0a38-4aea-891c-daaed40bcafe" }], [Listener("l2", 80, "p2") with { Loadbalancers = [new IdRef("0fdb0ca7-0a38-4aea-891c-daaed40bcafe")] }],
            [new Pool { Id = "p2" }], new() { ["p2"] = [Member("m2", "10.0.0.2", 80)] }, project: "demo");

        var result = LoadBalancerMapper.Map("openstack", [bad, good]);

        Assert.Equal("demo", Assert.Single(result.Services).Service.Metadata.Namespace);
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal((OpenStackDiagnosticCodes.InvalidProjectName, DiagnosticSeverity.Error, "alt_demo"), (diagnostic.Code, diagnostic.Severity, diagnostic.Object.Name));
        Assert.Equal(1, result.Totals.InvalidServices["alt_demo"]);
        Assert.Equal(0, result.Totals.InvalidServices["demo"]);
    }

    [Fact]
    public void A_load_balancer_without_listeners_is_left_out_with_a_diagnostic()
    {
        var result = LoadBalancerMapper.Map("openstack", [Inventory([Lb()], [], [], new())]);

        Assert.Empty(result.Services);
        Assert.Equal(OpenStackDiagnosticCodes.LoadBalancerWithoutListeners, Assert.Single(result.Diagnostics).Code);
        Assert.Equal(1, result.Totals.InvalidServices["team-a"]);
    }

    [Fact]
    public void Pools_without_members_listeners_without_pools_and_bad_members_are_diagnostics()
    {
        var inventory = Inventory(
            [Lb()],
            [Listener("l1", 80, PoolId), Listener("l2", 81, null), Listener("l3", 82, "missing"), Listener("l4", 83, "empty"), Listener("l5", 0, PoolId)],
            [new Pool { Id = PoolId }, new Pool { Id = "empty" }],
            new() { [PoolId] = [Member("ok", "10.0.0.1", 80), Member("bad-ip", "not-an-ip", 80), Member("short-ip", "10.1", 80), Member("bad-port", "10.0.0.2", 70000)], ["empty"] = [] });

        var result = LoadBalancerMapper.Map("openstack", [inventory]);

        var mirror = Assert.Single(result.Services);
        Assert.Equal(["port-80", "port-81", "port-82", "port-83"], mirror.Service.Spec!.Ports!.Select(p => p.Name));
        Assert.Equal(["10.0.0.1"], Assert.Single(mirror.Endpoints.Subsets!).Addresses!.Select(a => a.Ip));
        var codes = result.Diagnostics.Select(d => d.Code).ToList();
        Assert.Equal(3, codes.Count(c => c == OpenStackDiagnosticCodes.InvalidMember));
        Assert.Contains(OpenStackDiagnosticCodes.ListenerWithoutPool, codes);
        Assert.Contains(OpenStackDiagnosticCodes.PoolNotFound, codes);
        Assert.Contains(OpenStackDiagnosticCodes.PoolWithoutMembers, codes);
        Assert.Contains(OpenStackDiagnosticCodes.InvalidListener, codes);
        Assert.Equal(4, result.Totals.InvalidEndpoints[("team-a", mirror.Service.Metadata.Name!)]);
    }

    [Fact]
    public void Weight_zero_and_disabled_members_are_not_ready()
    {
        var inventory = Inventory([Lb()], [Listener("l1", 80, PoolId)], [new Pool { Id = PoolId }],
            new() { [PoolId] = [Member("a", "10.0.0.1", 80, weight: 0), Member("b", "10.0.0.2", 80) with { AdminStateUp = false }, Member("c", "2001:db8::1", 80) with { OperatingStatus = "DRAINING" }] });

        var subset = LoadBalancerMapper.Map("openstack", [inventory]).Services.Single().Endpoints.Subsets!.Single();

        Assert.Equal(["2001:db8::1"], subset.Addresses!.Select(a => a.Ip));
        Assert.Equal(["10.0.0.1", "10.0.0.2"], subset.NotReadyAddresses!.Select(a => a.Ip));
    }

    private static LoadBalancer Lb() => new() { Id = LbId, Name = "best_load_balancer", Listeners = [new IdRef("l1")] };

    private static Listener Listener(string id, int port, string? pool) => new() { Id = id, ProtocolPort = port, DefaultPoolId = pool, Loadbalancers = [new IdRef(LbId)] };

    private static Member Member(string id, string address, int port, int weight = 1) =>
        new() { Id = id, Address = address, ProtocolPort = port, Weight = weight, AdminStateUp = true, OperatingStatus = "ONLINE" };

    private static ProjectInventory Inventory(List<LoadBalancer> lbs, List<Listener> listeners, List<Pool> pools, Dictionary<string, IReadOnlyList<Member>> members, string project = "team-a") =>
        new(new Project(project + "-id", project), lbs, listeners, pools, members);
}
