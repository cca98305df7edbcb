using System.Diagnostics.Metrics;
using System.Text.RegularExpressions;
using Gimbal.Hosting.Metrics;
using Gimbal.Yarp.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace Gimbal.Yarp.Tests.Hosting;

public sealed partial class PrometheusExporterTests
{
    [Fact]
    public async Task Counters_gauges_and_histograms_render_as_well_formed_prometheus_text()
    {
        var meterName = $"Gimbal.Test.{Guid.NewGuid():N}";
        using var meter = new Meter(meterName);
        var options = new PrometheusExporterOptions();
        options.Meters.Clear();
        options.Meters.Add(meterName);
        using var exporter = new PrometheusExporter(Options.Create(options));

        var requests = meter.CreateCounter<long>("gimbal.test.requests", description: "Requests.");
        var active = meter.CreateUpDownCounter<int>("gimbal.test.active", description: "Active things.");
        var latency = meter.CreateHistogram<double>("gimbal.test.latency", unit: "s", description: "Latency.");
        var version = 7L;
        meter.CreateObservableGauge("gimbal.test.version", () => version, description: "Version.");

        requests.Add(2, new KeyValuePair<string, object?>("route", "a\"b\\c\nd"), new KeyValuePair<string, object?>("code", 200));
        requests.Add(3, new KeyValuePair<string, object?>("code", 200), new KeyValuePair<string, object?>("route", "a\"b\\c\nd"));
        requests.Add(1, new KeyValuePair<string, object?>("route", "other"), new KeyValuePair<string, object?>("code", 503));
        active.Add(5);
        active.Add(-2);
        latency.Record(0.003, new KeyValuePair<string, object?>("cluster", "x"));
        latency.Record(0.2, new KeyValuePair<string, object?>("cluster", "x"));
        latency.Record(60, new KeyValuePair<string, object?>("cluster", "x"));

        var text = exporter.Scrape();

        Assert.Contains("# TYPE gimbal_test_requests_total counter\n", text, StringComparison.Ordinal);
        Assert.Contains("gimbal_test_requests_total{code=\"200\",route=\"a\\\"b\\\\c\\nd\"} 5\n", text, StringComparison.Ordinal);
        Assert.Contains("gimbal_test_requests_total{code=\"503\",route=\"other\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE gimbal_test_active gauge\ngimbal_test_active 3\n", text, StringComparison.Ordinal);
        Assert.Contains("gimbal_test_version 7\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE gimbal_test_latency_seconds histogram\n", text, StringComparison.Ordinal);
        Assert.Contains("gimbal_test_latency_seconds_bucket{cluster=\"x\",le=\"0.005\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("gimbal_test_latency_seconds_bucket{cluster=\"x\",le=\"0.25\"} 2\n", text, StringComparison.Ordinal);
        Assert.Contains("gimbal_test_latency_seconds_bucket{cluster=\"x\",le=\"10\"} 2\n", text, StringComparison.Ordinal);
        Assert.Contains("gimbal_test_latency_seconds_bucket{cluster=\"x\",le=\"+Inf\"} 3\n", text, StringComparison.Ordinal);
        Assert.Contains("gimbal_test_latency_seconds_count{cluster=\"x\"} 3\n", text, StringComparison.Ordinal);

        version = 8;
        Assert.Contains("gimbal_test_version 8\n", exporter.Scrape(), StringComparison.Ordinal);

        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            Assert.Matches(LineFormat(), line);
        }

        var (exitCode, output) = await Promtool.CheckMetricsAsync(text);
        Assert.True(exitCode == 0, $"promtool check metrics failed: {output}\n{text}");
    }

    [Fact]
    public void Meters_that_were_not_chosen_are_not_exported()
    {
        using var chosen = new Meter($"Gimbal.Chosen.{Guid.NewGuid():N}");
        using var other = new Meter($"Other.{Guid.NewGuid():N}");
        var options = new PrometheusExporterOptions();
        options.Meters.Clear();
        options.Meters.Add("Gimbal.Chosen.*");
        using var exporter = new PrometheusExporter(Options.Create(options));
        chosen.CreateCounter<long>("chosen.count").Add(1);
        other.CreateCounter<long>("other.count").Add(1);

        var text = exporter.Scrape();
        Assert.Contains("chosen_count_total 1", text, StringComparison.Ordinal);
        Assert.DoesNotContain("other_count", text, StringComparison.Ordinal);
    }

    [GeneratedRegex("""^(# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .+|[a-zA-Z_:][a-zA-Z0-9_:]*(\{[a-zA-Z_][a-zA-Z0-9_]*="([^"\\\n]|\\.)*"(,[a-zA-Z_][a-zA-Z0-9_]*="([^"\\\n]|\\.)*")*\})? (-?[0-9.eE+-]+|\+Inf|-Inf|NaN))$""")]
    private static partial Regex LineFormat();
}
