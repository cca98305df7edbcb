using System.Net;
using System.Net.Sockets;
using Gimbal.Core.Kubernetes;
using Gimbal.Discoverer.Commands;
using Gimbal.Discovery.Mirroring;
using Gimbal.Discovery.Tests.Kubernetes;

namespace Gimbal.Discovery.Tests.Host;

public sealed class DiscovererCommandTests
{
    [Theory]
    [InlineData("Bad_Name")]
    [InlineData("-leading")]
    [InlineData("")]
    public async Task An_invalid_backend_name_is_refused(string name)
    {
        var error = new StringWriter();
        var result = DiscovererCommand.Create().Parse(["kubernetes", "--backend-name", name]);
        var code = await result.InvokeAsync(new System.CommandLine.InvocationConfiguration { Error = error, Output = TextWriter.Null });
        Assert.NotEqual(0, code);
        Assert.Contains("--backend-name", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("30m", 1800)]
    [InlineData("1h30m", 5400)]
    [InlineData("90s", 90)]
    [InlineData("1.5s", 1.5)]
    public void Resync_intervals_are_read_as_go_durations(string text, double seconds)
    {
        var result = DiscovererCommand.Create().Parse(["kubernetes", "--backend-name", "east", "--resync-interval", text]);
        Assert.Empty(result.Errors);
        var option = result.CommandResult.Command.Options.OfType<System.CommandLine.Option<TimeSpan>>().Single(o => o.Name == "--resync-interval");
        Assert.Equal(TimeSpan.FromSeconds(seconds), result.GetValue(option));
    }

    [Theory]
    [InlineData("kubernetes", null, EndpointsKind.Both)]
    [InlineData("kubernetes", "both", EndpointsKind.Both)]
    [InlineData("kubernetes", "endpoints", EndpointsKind.Endpoints)]
    [InlineData("kubernetes", "endpointslices", EndpointsKind.EndpointSlices)]
    public void The_endpoints_kind_is_chosen_per_discoverer(string subcommand, string? kind, EndpointsKind expected)
    {
        string[] args = [subcommand, "--backend-name", "east", .. kind is null ? Array.Empty<string>() : ["--endpoints-kind", kind]];
        var result = DiscovererCommand.Create().Parse(args);
        Assert.Empty(result.Errors);
        var option = result.CommandResult.Command.Options.OfType<System.CommandLine.Option<EndpointsKind>>().Single(o => o.Name == "--endpoints-kind");
        Assert.Equal(expected, result.GetValue(option));
        Assert.All(DiscovererCommand.Create().Subcommands, c => Assert.Contains(c.Options, o => o.Name == "--endpoints-kind"));
    }

    [Theory]
    [InlineData("slices")]
    [InlineData("Both")]
    [InlineData("")]
    public void An_unknown_endpoints_kind_is_refused(string kind)
    {
        var result = DiscovererCommand.Create().Parse(["kubernetes", "--backend-name", "east", "--endpoints-kind", kind]);
        Assert.Contains(result.Errors, e => e.Message.Contains("--endpoints-kind", StringComparison.Ordinal) && e.Message.Contains("endpointslices", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_kubernetes_subcommand_mirrors_and_reports_ready()
    {
        await using var upstream = await DiscoveryRig.StartServerAsync("team-a");
        await using var gimbal = await DiscoveryRig.StartServerAsync("team-a");
        upstream.Create(TestObjects.Service("team-a", "web", 80));
        upstream.Create(TestObjects.Endpoints("team-a", "web", 80, "10.1.0.1"));
        upstream.Create(TestObjects.Service("default", "kubernetes", 443));
        var folder = Directory.CreateTempSubdirectory("gimbal-discoverer-");
        try
        {
            var upstreamConfig = Path.Combine(folder.FullName, "upstream");
            var gimbalConfig = Path.Combine(folder.FullName, "gimbal");
            upstream.WriteKubeconfig(upstreamConfig, token: "upstream-token");
            gimbal.WriteKubeconfig(gimbalConfig, token: "gimbal-token");
            var port = FreePort();
            using var stop = new CancellationTokenSource();
            var run = DiscovererCommand.Create()
                .Parse(["kubernetes", "--backend-name", "east", "--discover-kubecfg-file", upstreamConfig, "--gimbal-kubecfg-file", gimbalConfig, "--prometheus-listen-address", $"127.0.0.1:{port}", "--gimbal-client-qps", "50"])
                .InvokeAsync(cancellationToken: stop.Token);

            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
            await Eventually.True(async () => await StatusAsync(http, "readyz") == HttpStatusCode.OK, "/readyz answers 200");
            if (run.IsCompleted)
            {
                Assert.Fail($"ended early: {await run}");
            }
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(http, "healthz"));
            await using var reader = await GimbalReader.ForAsync(gimbal);
            await Eventually.True(async () => await reader.GetAsync<Service>("team-a", "east-web") is not null, "the service is mirrored");

            // The totals come from the first full reconcile and the per-service events after it, in either order:
            // wait until every expected series is exported, then name the ones still missing if it never happens.
            string[] expected =
            [
                "gimbal_discoverer_info{backendname=\"east\",backendtype=\"kubernetes\",version=",
                "gimbal_discoverer_upstream_services_total{backendname=\"east\",backendtype=\"kubernetes\",namespace=\"team-a\"} 1",
                "gimbal_discoverer_replicated_services_total{backendname=\"east\",backendtype=\"kubernetes\",namespace=\"team-a\"} 1",
                "gimbal_discoverer_upstream_endpoints_total{backendname=\"east\",backendtype=\"kubernetes\",namespace=\"team-a\",servicename=\"web\"} 1",
                "gimbal_discoverer_replicated_endpoints_total{",
                "gimbal_queuesize{backendname=\"east\",backendtype=\"kubernetes\"} 0",
                "gimbal_service_event_timestamp{backendname=\"east\",backendtype=\"kubernetes\",name=\"web\",namespace=\"team-a\"}",
                "gimbal_endpoints_event_timestamp{",
                "gimbal_discoverer_cycle_duration_seconds_bucket{",
                "gimbal_discoverer_api_latency_milliseconds{backendname=\"east\",backendtype=\"kubernetes\",path=\"/version\"}",
            ];
            string metrics = string.Empty;
            string[] missing = expected;
            await Eventually.True(
                async () =>
                {
                    metrics = await http.GetStringAsync("metrics");
                    missing = expected.Where(line => !metrics.Contains(line, StringComparison.Ordinal)).ToArray();
                    return missing.Length == 0;
                },
                "the mirror is done and exported");
            Assert.Empty(missing);
            Assert.DoesNotContain("upstream_services_total{backendname=\"east\",backendtype=\"kubernetes\",namespace=\"default\"}", metrics, StringComparison.Ordinal);
            Promtool.AssertValid(metrics);

            await stop.CancelAsync();
            Assert.Equal(0, await run);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static async Task<HttpStatusCode?> StatusAsync(HttpClient http, string path)
    {
        try
        {
            using var response = await http.GetAsync(path);
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
