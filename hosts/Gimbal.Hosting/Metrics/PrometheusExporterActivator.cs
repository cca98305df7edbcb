using Microsoft.Extensions.Hosting;

namespace Gimbal.Hosting.Metrics;

/// <summary>Creates the exporter when the host starts: a listener created at the first scrape would miss everything before it.</summary>
internal sealed class PrometheusExporterActivator(PrometheusExporter exporter) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        GC.KeepAlive(exporter);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
