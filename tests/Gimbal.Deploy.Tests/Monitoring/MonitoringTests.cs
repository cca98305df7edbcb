using System.Text.Json.Nodes;
using Gimbal.Deploy.Tests.Infrastructure;

namespace Gimbal.Deploy.Tests.Monitoring;

public sealed class MonitoringTests
{
    /// <summary>
    /// Metrics that come from elsewhere than Gimbal's code, and where: Prometheus itself ("up") and Envoy's
    /// /stats/prometheus (its documented HTTP connection manager and cluster statistics).
    /// </summary>
    private static readonly Dictionary<string, string> External = new(StringComparer.Ordinal)
    {
        ["up"] = "Prometheus: scrape health of each target",
        ["envoy_http_downstream_rq_xx"] = "Envoy: downstream responses by code class",
        ["envoy_http_downstream_rq_total"] = "Envoy: downstream requests",
        ["envoy_cluster_upstream_rq_xx"] = "Envoy: upstream responses by cluster and code class",
        ["envoy_cluster_upstream_rq_time_bucket"] = "Envoy: upstream request time histogram",
    };

    private static readonly string Monitoring = Path.Combine(Repository.Deploy, "monitoring");

    [Fact]
    public async Task Promtool_accepts_the_alert_rules()
    {
        var files = Directory.GetFiles(Path.Combine(Monitoring, "rules"), "*.yaml");

        var (exitCode, output) = await ProcessRunner.RunAsync("promtool", ["check", "rules", .. files]);

        Assert.True(exitCode == 0, output);
        Assert.Contains("SUCCESS", output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_rules_alert_on_replication_discoverer_errors_nacks_readiness_and_5xx_ratios()
    {
        var alerts = Rules().Select(r => (string?)r["alert"]).ToList();

        Assert.Subset(alerts.ToHashSet(), new HashSet<string?>
        {
            "GimbalServiceReplicationBelow100", "GimbalEndpointsReplicationBelow100", "GimbalDiscovererErrors", "GimbalXdsNacks",
            "GimbalControlPlaneNotReady", "GimbalGateway5xxRatio", "GimbalEnvoy5xxRatio",
        });
        var replication = Rules().Single(r => (string?)r["alert"] == "GimbalServiceReplicationBelow100");
        Assert.Equal("5m", (string?)replication["for"]);
        Assert.Contains("< 1", (string?)replication["expr"], StringComparison.Ordinal);
        Assert.All(Rules(), r => Assert.False(string.IsNullOrEmpty((string?)r["annotations"]?["summary"])));
    }

    [Fact]
    public void Every_dashboard_is_grafana_json_with_prometheus_targets()
    {
        var dashboards = Dashboards().ToList();

        Assert.Equal(["gimbal-control-plane", "gimbal-data-plane", "gimbal-discovery"], dashboards.Select(d => (string)d["uid"]!).Order(StringComparer.Ordinal));
        foreach (var dashboard in dashboards)
        {
            var panels = dashboard["panels"]!.AsArray().OfType<JsonObject>().ToList();
            Assert.NotEmpty(panels);
            Assert.Equal(panels.Count, panels.Select(p => (int)p["id"]!).Distinct().Count());
            Assert.All(panels, p => Assert.NotEmpty(p["targets"]!.AsArray()));
        }
    }

    [Fact]
    public async Task Every_metric_a_rule_or_dashboard_names_is_one_the_code_exports()
    {
        var (exported, instruments, scrape) = await ExportedMetrics.CollectAsync();
        var used = Expressions().SelectMany(e => PromQlNames.Of(e.Expression).Select(n => (e.Where, Name: n))).ToList();

        Assert.True(instruments.Count >= 20, string.Join("\n", instruments));
        Assert.Contains("gimbal_discoverer_replicated_endpoints_total", exported);
        var unknown = used.Where(u => !exported.Contains(u.Name) && !External.ContainsKey(u.Name)).Select(u => $"{u.Where}: {u.Name}").Distinct().ToList();
        Assert.True(unknown.Count == 0, string.Join("\n", unknown) + "\n--- exported:\n" + string.Join("\n", exported.Order(StringComparer.Ordinal)));
        Assert.Contains(used, u => u.Name.StartsWith("gimbal_xds_", StringComparison.Ordinal));
        Assert.Contains(used, u => u.Name.StartsWith("gimbal_yarp_", StringComparison.Ordinal));
        Assert.Contains(used, u => u.Name.StartsWith("gimbal_discoverer_", StringComparison.Ordinal));
        Assert.Contains("# TYPE", scrape, StringComparison.Ordinal);
    }

    [Fact]
    public void Metric_names_are_found_in_promql_and_labels_functions_and_keywords_are_not()
    {
        var names = PromQlNames.Of("""sum by (backendname, le) (rate(gimbal_x_bucket{job="a",code=~"5.."}[5m])) / on (pod) group_left max(up == 1) or vector(0) > bool 0.5""");

        Assert.Equal(["gimbal_x_bucket", "up"], names.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_scrape_job_targets_a_component_of_the_deployment()
    {
        var config = YamlDocuments.Load(Path.Combine(Monitoring, "prometheus.yml")).Single()!;
        var jobs = config["scrape_configs"]!.AsArray().Select(j => (string?)j!["job_name"]).ToList();

        Assert.Equal(["gimbal-discoverer", "gimbal-control-plane", "envoy", "gimbal-gateway"], jobs);
        Assert.Equal(["/etc/prometheus/rules/*.yaml"], config["rule_files"]!.AsArray().Select(r => (string?)r));
        var jobsInRules = Rules().Select(r => (string?)r["expr"]).SelectMany(e => System.Text.RegularExpressions.Regex.Matches(e!, "job=\"([^\"]+)\"").Select(m => m.Groups[1].Value));
        Assert.All(jobsInRules, j => Assert.Contains(j, jobs));
    }

    private static IEnumerable<JsonObject> Rules() =>
        Directory.GetFiles(Path.Combine(Monitoring, "rules"), "*.yaml")
            .SelectMany(f => YamlDocuments.Load(f).Single()!["groups"]!.AsArray())
            .SelectMany(g => g!["rules"]!.AsArray().OfType<JsonObject>());

    private static IEnumerable<JsonObject> Dashboards() =>
        Directory.GetFiles(Path.Combine(Monitoring, "dashboards"), "*.json").Select(f => JsonNode.Parse(File.ReadAllText(f))!.AsObject());

    private static IEnumerable<(string Where, string Expression)> Expressions() =>
        Rules().Select(r => ($"rule {r["alert"] ?? r["record"]}", (string)r["expr"]!))
            .Concat(Dashboards().SelectMany(d => d["panels"]!.AsArray().SelectMany(p => p!["targets"]!.AsArray()
                .Select(t => ($"dashboard {d["uid"]} panel \"{p["title"]}\"", (string)t!["expr"]!)))));
}
