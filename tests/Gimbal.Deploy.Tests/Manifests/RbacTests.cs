using System.Text.Json.Nodes;
using Gimbal.Deploy.Tests.Infrastructure;

namespace Gimbal.Deploy.Tests.Manifests;

/// <summary>Least privilege: each component gets the resources and verbs it uses, and nothing wider.</summary>
public sealed class RbacTests
{
    private static readonly string[] ReadVerbs = ["get", "list", "watch"];

    [Fact]
    public void No_rule_uses_wildcards()
    {
        foreach (var role in DeployTree.Objects.Select(o => o.Object).Where(o => (string?)o["kind"] is "Role" or "ClusterRole"))
        {
            foreach (var rule in Rules(role))
            {
                Assert.DoesNotContain("*", rule.Verbs);
                Assert.DoesNotContain("*", rule.Resources);
                Assert.DoesNotContain("*", rule.Groups);
            }
        }
    }

    [Fact]
    public void Every_binding_names_a_role_and_service_accounts_that_exist()
    {
        var bindings = DeployTree.Objects.Select(o => o.Object).Where(o => (string?)o["kind"] is "RoleBinding" or "ClusterRoleBinding").ToList();
        Assert.NotEmpty(bindings);
        foreach (var binding in bindings)
        {
            var roleKind = (string)binding["roleRef"]!["kind"]!;
            var roleName = (string)binding["roleRef"]!["name"]!;
            Assert.Contains(DeployTree.Objects.Select(o => o.Object), r => (string?)r["kind"] == roleKind && DeployTree.Name(r) == roleName
                && (roleKind == "ClusterRole" || DeployTree.Namespace(r) == DeployTree.Namespace(binding)));
            foreach (var subject in binding["subjects"]!.AsArray().OfType<JsonObject>().Where(s => (string?)s["kind"] == "ServiceAccount"))
            {
                Assert.Contains(DeployTree.Objects.Select(o => o.Object), sa => (string?)sa["kind"] == "ServiceAccount"
                    && DeployTree.Name(sa) == (string?)subject["name"] && DeployTree.Namespace(sa) == (string?)subject["namespace"]);
            }
        }
    }

    [Fact]
    public void The_discoverer_writes_only_services_endpoints_and_slices_and_only_sees_namespaces()
    {
        var rules = Rules(ClusterRole("gimbal-discoverer"));

        Assert.Equal(["endpoints", "endpointslices", "namespaces", "services"], rules.SelectMany(r => r.Resources).Order(StringComparer.Ordinal));
        Assert.Equal(["create", "get"], rules.Single(r => r.Resources.Contains("namespaces")).Verbs.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(rules, r => r.Verbs.Contains("patch") || r.Verbs.Contains("deletecollection"));
    }

    [Fact]
    public void The_control_plane_reads_what_it_compiles_and_writes_only_status_and_events()
    {
        var rules = Rules(ClusterRole("gimbal-control-plane"));

        foreach (var resource in new[] { "ingresses", "ingressclasses", "services", "endpoints", "endpointslices", "secrets", "httpproxies", "tlscertificatedelegations" })
        {
            Assert.True(rules.Any(r => r.Resources.Contains(resource) && ReadVerbs.All(r.Verbs.Contains)), $"reads {resource}");
        }

        var writes = rules.Where(r => r.Verbs.Except(ReadVerbs).Any()).SelectMany(r => r.Resources).Order(StringComparer.Ordinal);
        Assert.Equal(["events", "httpproxies/status", "ingresses/status"], writes);
    }

    [Fact]
    public void A_team_reads_services_and_endpoints_and_manages_routes_only_where_it_is_bound()
    {
        var rules = Rules(ClusterRole("gimbal-team"));

        Assert.Equal(ReadVerbs, rules.Single(r => r.Resources.Contains("services")).Verbs);
        Assert.Equal(ReadVerbs, rules.Single(r => r.Resources.Contains("endpoints")).Verbs);
        Assert.Contains("create", rules.Single(r => r.Resources.Contains("ingresses")).Verbs);
        Assert.Contains("delete", rules.Single(r => r.Resources.Contains("httpproxies")).Verbs);
        Assert.DoesNotContain(rules, r => r.Resources.Contains("namespaces") || r.Resources.Contains("ingressclasses"));
        // A ClusterRoleBinding would hand a team every namespace: the team role is bound per namespace only.
        Assert.DoesNotContain(DeployTree.Objects.Select(o => o.Object), b => (string?)b["kind"] == "ClusterRoleBinding" && (string?)b["roleRef"]?["name"] == "gimbal-team");
        Assert.Contains(DeployTree.Objects.Select(o => o.Object), b => (string?)b["kind"] == "RoleBinding" && (string?)b["roleRef"]?["name"] == "gimbal-team");
    }

    [Fact]
    public void Envoy_gets_no_api_token_and_the_gateway_writes_only_status_and_events()
    {
        var envoy = DeployTree.OfKind("ServiceAccount").Single(sa => DeployTree.Name(sa) == "envoy");
        Assert.False((bool?)envoy["automountServiceAccountToken"] ?? true);
        var rules = Rules(ClusterRole("gimbal-gateway"));
        var writes = rules.Where(r => !r.Verbs.SequenceEqual(ReadVerbs)).ToList();
        Assert.Equal(["events", "httpproxies/status"], writes.SelectMany(r => r.Resources).Order(StringComparer.Ordinal));
        Assert.All(writes, r => Assert.Single(r.Verbs));
    }

    private static JsonObject ClusterRole(string name) => DeployTree.OfKind("ClusterRole").Single(r => DeployTree.Name(r) == name);

    private static List<(string[] Groups, string[] Resources, string[] Verbs)> Rules(JsonObject role) =>
        role["rules"]!.AsArray().OfType<JsonObject>().Select(r => (Strings(r["apiGroups"]), Strings(r["resources"]), Strings(r["verbs"]))).ToList();

    private static string[] Strings(JsonNode? node) => (node as JsonArray ?? []).Select(n => (string)n!).ToArray();
}
