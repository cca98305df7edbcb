using System.Net;
using Gimbal.Discoverer.Commands;
using Gimbal.Discovery.DependencyInjection;
using Gimbal.Hosting.Metrics;
using Gimbal.Kubernetes.Client;
using Gimbal.Kubernetes.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gimbal.Discoverer.Hosting;

/// <summary>
/// What every discoverer subcommand runs: the mirroring engine writing to the Gimbal cluster, the discoverer the
/// subcommand adds, and /healthz, /readyz and /metrics (Gimbal.Hosting's exporter) on --prometheus-listen-address.
/// </summary>
internal static class DiscovererHost
{
    public static async Task<int> RunAsync(DiscovererSettings settings, string backendType, Action<IServiceCollection> addDiscoverer, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(settings.Debug ? LogLevel.Debug : LogLevel.Information);
        ListenAddress.TryParse(settings.PrometheusListenAddress, out var host, out var port);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(ListenIp(host), port));

        builder.Services.AddGimbalDiscovery(
            engine =>
            {
                engine.BackendName = settings.BackendName;
                engine.BackendType = backendType;
                engine.Workers = settings.NumThreads;
                engine.CreateNamespaces = settings.CreateNamespaces;
                engine.EndpointsKind = settings.EndpointsKind;
            },
            sp => new KubernetesClient(Configuration(settings.GimbalKubeconfig, settings.GimbalClientQps, settings.GimbalClientBurst), sp.GetRequiredService<ILoggerFactory>()));
        addDiscoverer(builder.Services);
        builder.Services.AddHealthChecks();
        builder.Services.AddGimbalPrometheus();

        await using var app = builder.Build();
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = check => check.Tags.Contains(OpenStackServiceCollectionExtensions.LiveTag) });
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
        app.MapGet("/metrics", (PrometheusExporter exporter) => Results.Text(exporter.Scrape(), PrometheusExporter.ContentType));
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is KubeconfigException or OptionsValidationException or IOException or InvalidOperationException)
        {
            // Bad configuration: say so plainly and exit non-zero, as the original did on a bad flag.
            await Console.Error.WriteLineAsync($"gimbal-discoverer: {ex.Message}");
            return 1;
        }

        await app.WaitForShutdownAsync(cancellationToken);
        return 0;
    }

    /// <summary>A client configuration from a kubeconfig file, or in-cluster credentials when none is given.</summary>
    public static KubernetesClientConfiguration Configuration(string? kubeconfig, double qps, int burst) =>
        (kubeconfig is null ? KubernetesClientConfiguration.InCluster() : KubernetesClientConfiguration.FromKubeconfig(kubeconfig)) with { Qps = qps, Burst = burst };

    private static IPAddress ListenIp(string host) =>
        host is "" or "0.0.0.0" ? IPAddress.Any
        : host == "localhost" ? IPAddress.Loopback
        : IPAddress.TryParse(host, out var ip) ? ip
        : IPAddress.Any;
}
