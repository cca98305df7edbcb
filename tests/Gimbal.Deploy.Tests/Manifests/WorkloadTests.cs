using System.Text.Json.Nodes;
using Gimbal.Deploy.Tests.Infrastructure;

namespace Gimbal.Deploy.Tests.Manifests;

/// <summary>Deployments, DaemonSets and Jobs: wired consistently, unprivileged, read-only, probed.</summary>
public sealed class WorkloadTests
{
    public static TheoryData<string> Workloads()
    {
        var data = new TheoryData<string>();
        foreach (var (file, obj) in DeployTree.Objects.Where(o => IsWorkload(o.Object)))
        {
            data.Add($"{Repository.Relative(file)}|{obj["kind"]}|{DeployTree.Name(obj)}");
        }

        return data;
    }

    [Fact]
    public void Every_component_has_a_workload()
    {
        var names = DeployTree.Objects.Where(o => IsWorkload(o.Object)).Select(o => $"{o.Object["kind"]}/{DeployTree.Name(o.Object)}").ToHashSet();

        Assert.Subset(names, new HashSet<string>
        {
            "Deployment/gimbal-control-plane", "DaemonSet/envoy", "Deployment/envoy", "Deployment/cluster-a-discoverer",
            "Deployment/openstack-a-discoverer", "Deployment/gimbal-gateway", "Job/gimbal-certgen", "Deployment/prometheus", "Deployment/grafana",
        });
    }

    [Theory]
    [MemberData(nameof(Workloads))]
    public void Pods_run_unprivileged_with_a_read_only_root_and_pinned_images(string id)
    {
        var pod = PodSpec(id);

        Assert.True((bool?)pod["securityContext"]?["runAsNonRoot"] == true, $"{id}: runAsNonRoot");
        foreach (var container in Containers(pod))
        {
            var name = (string?)container["name"];
            var image = (string?)container["image"] ?? string.Empty;
            Assert.Matches(@"^[a-z0-9.\-/]+:[A-Za-z0-9._\-]+$", image);
            Assert.DoesNotContain(":latest", image, StringComparison.Ordinal);
            var security = container["securityContext"];
            Assert.True((bool?)security?["readOnlyRootFilesystem"] == true, $"{id} {name}: readOnlyRootFilesystem");
            Assert.True((bool?)security?["allowPrivilegeEscalation"] == false, $"{id} {name}: allowPrivilegeEscalation");
            Assert.Contains("ALL", (security?["capabilities"]?["drop"] as JsonArray ?? []).Select(c => (string?)c));
        }
    }

    [Theory]
    [MemberData(nameof(Workloads))]
    public void Mounts_name_declared_volumes_and_probes_name_declared_ports(string id)
    {
        var pod = PodSpec(id);
        var volumes = (pod["volumes"] as JsonArray ?? []).Select(v => (string?)v!["name"]).ToHashSet();
        foreach (var container in Containers(pod))
        {
            foreach (var mount in container["volumeMounts"] as JsonArray ?? [])
            {
                Assert.Contains((string?)mount!["name"], volumes);
            }

            var ports = (container["ports"] as JsonArray ?? []).Select(p => (string?)p!["name"]).ToHashSet();
            foreach (var probe in new[] { container["livenessProbe"], container["readinessProbe"] }.OfType<JsonObject>())
            {
                var port = probe["httpGet"]?["port"];
                Assert.True(port is null || port.GetValueKind() == System.Text.Json.JsonValueKind.Number || ports.Contains((string?)port), $"{id}: probe port {port}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Workloads))]
    public void Gimbal_servers_are_probed_on_healthz_and_readyz_and_the_selector_matches_the_pods(string id)
    {
        var workload = Workload(id);
        var pod = PodSpec(id);
        if ((string?)workload["kind"] != "Job")
        {
            var selector = workload["spec"]!["selector"]!["matchLabels"]!.AsObject();
            var labels = workload["spec"]!["template"]!["metadata"]!["labels"]!.AsObject();
            Assert.All(selector, s => Assert.Equal((string?)s.Value, (string?)labels[s.Key]));
        }

        // Init containers cannot have probes: only the long-running containers are checked.
        foreach (var container in (pod["containers"] as JsonArray ?? []).OfType<JsonObject>().Where(c => ((string?)c["image"])?.Contains("/gimbal-dotnet/gimbal-", StringComparison.Ordinal) == true))
        {
            Assert.Equal("/healthz", (string?)container["livenessProbe"]?["httpGet"]?["path"]);
            Assert.Equal("/readyz", (string?)container["readinessProbe"]?["httpGet"]?["path"]);
        }
    }

    [Theory]
    [MemberData(nameof(Workloads))]
    public void Service_accounts_and_config_maps_a_pod_uses_are_part_of_the_deployment(string id)
    {
        var workload = Workload(id);
        var pod = PodSpec(id);
        var ns = DeployTree.Namespace(workload);
        if ((string?)pod["serviceAccountName"] is { } account)
        {
            Assert.Contains(DeployTree.OfKind("ServiceAccount"), sa => DeployTree.Name(sa) == account && DeployTree.Namespace(sa) == ns);
        }

        var configMaps = DeployTree.OfKind("ConfigMap").Select(DeployTree.Name).Concat(Kustomization.All.SelectMany(k => k.GeneratedConfigMaps)).ToHashSet();
        foreach (var volume in (pod["volumes"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if ((string?)volume["configMap"]?["name"] is { } map)
            {
                Assert.Contains(map, configMaps);
            }
        }
    }

    [Fact]
    public void Every_service_selects_pods_and_targets_their_named_ports()
    {
        var pods = DeployTree.Objects.Select(o => o.Object).Where(IsWorkload).Where(w => (string?)w["kind"] != "Job").ToList();
        foreach (var service in DeployTree.OfKind("Service"))
        {
            var selector = service["spec"]!["selector"]!.AsObject();
            var matching = pods.Where(w => DeployTree.Namespace(w) == DeployTree.Namespace(service)
                && selector.All(s => (string?)w["spec"]!["template"]!["metadata"]!["labels"]![s.Key] == (string?)s.Value)).ToList();
            Assert.True(matching.Count > 0, $"{DeployTree.Describe(service)} selects no pods");
            foreach (var port in service["spec"]!["ports"]!.AsArray())
            {
                var target = (string?)port!["targetPort"];
                Assert.All(matching, w => Assert.Contains(target, Containers(w["spec"]!["template"]!["spec"]!.AsObject())
                    .SelectMany(c => c["ports"] as JsonArray ?? []).Select(p => (string?)p!["name"])));
            }
        }
    }

    [Fact]
    public void Discoverers_run_one_replica_per_backend_with_a_unique_backend_name()
    {
        var discoverers = DeployTree.OfKind("Deployment").Where(d => DeployTree.Namespace(d) == "gimbal-discovery").ToList();
        var backends = discoverers.Select(d => Containers(d["spec"]!["template"]!["spec"]!.AsObject()).Single()["args"]!.AsArray()
            .Select(a => (string?)a).Single(a => a!.StartsWith("--backend-name=", StringComparison.Ordinal))).ToList();

        Assert.Equal(2, discoverers.Count);
        Assert.All(discoverers, d => Assert.Equal(1L, (long?)d["spec"]!["replicas"]));
        Assert.Equal(backends.Count, backends.Distinct().Count());
    }

    [Fact]
    public void Envoy_is_bootstrapped_by_an_init_container_with_mutual_tls_certificates()
    {
        var envoy = DeployTree.OfKind("DaemonSet").Single(d => DeployTree.Name(d) == "envoy");
        var pod = envoy["spec"]!["template"]!["spec"]!.AsObject();

        var bootstrap = pod["initContainers"]!.AsArray().OfType<JsonObject>().Single(c => (string?)c["name"] == "bootstrap");
        var args = bootstrap["args"]!.AsArray().Select(a => (string?)a).ToList();
        Assert.Equal("bootstrap", args[0]);
        Assert.Contains(args, a => a!.StartsWith("--envoy-cert-file=", StringComparison.Ordinal));
        Assert.Contains(pod["volumes"]!.AsArray(), v => (string?)v!["secret"]?["secretName"] == "gimbal-envoy-cert");
        var controlPlane = DeployTree.OfKind("Deployment").Single(d => DeployTree.Name(d) == "gimbal-control-plane");
        Assert.Contains(controlPlane["spec"]!["template"]!["spec"]!["volumes"]!.AsArray(), v => (string?)v!["secret"]?["secretName"] == "gimbal-control-plane-cert");
    }

    private static bool IsWorkload(JsonObject obj) => (string?)obj["kind"] is "Deployment" or "DaemonSet" or "Job";

    private static JsonObject Workload(string id)
    {
        var parts = id.Split('|');
        return DeployTree.Objects.Single(o => Repository.Relative(o.File) == parts[0] && (string?)o.Object["kind"] == parts[1] && DeployTree.Name(o.Object) == parts[2]).Object;
    }

    private static JsonObject PodSpec(string id) => Workload(id)["spec"]!["template"]!["spec"]!.AsObject();

    private static IEnumerable<JsonObject> Containers(JsonObject pod) =>
        (pod["containers"] as JsonArray ?? []).Concat(pod["initContainers"] as JsonArray ?? []).OfType<JsonObject>();
}
