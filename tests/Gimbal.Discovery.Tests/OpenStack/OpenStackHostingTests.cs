using Gimbal.Core.Kubernetes;
using Gimbal.Core.Naming;
using Gimbal.Discovery.DependencyInjection;
using Gimbal.Discovery.OpenStack;
using Gimbal.Kubernetes.Client;
using Gimbal.Kubernetes.Configuration;
using Gimbal.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gimbal.Discovery.Tests.OpenStack;

/// <summary>The discoverer as a host wires it: AddGimbalDiscovery + AddGimbalOpenStackDiscoverer, run as a hosted service.</summary>
public sealed class OpenStackHostingTests
{
    [Fact]
    public async Task The_registered_discoverer_mirrors_and_reports_health()
    {
        await using var cloud = await OpenStackTestCloud.StartAsync();
        await using var gimbal = await KubeApiTestServer.StartAsync(new KubeApiTestServerOptions { Namespaces = ["default", "team-a"] });
        var (_, lb, _, _) = cloud.SeedProject("team-a", 80, "10.0.0.1");

        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddGimbalDiscovery(
            engine => engine.BackendName = "openstack",
            _ => new KubernetesClient(new KubernetesClientConfiguration { Server = gimbal.Url, Qps = 0, MaxRetries = 0 }));
        builder.Services.AddGimbalOpenStackDiscoverer(new OpenStackOptions { Credentials = cloud.PasswordCredentials(), ReconciliationPeriod = TimeSpan.FromMilliseconds(200) });
        using var host = builder.Build();
        var health = host.Services.GetRequiredService<HealthCheckService>();

        var before = await health.CheckHealthAsync(c => c.Tags.Contains("ready"));
        Assert.Equal(HealthStatus.Unhealthy, before.Status);

        await host.StartAsync();
        try
        {
            var name = GimbalNames.BuildDiscoveredName("openstack", lb);
            await Eventually.True(() => gimbal.Get<Endpoints>("team-a", name) is not null, "the load balancer is mirrored");
            Assert.Equal("openstack", gimbal.Get<Service>("team-a", name)!.Metadata.Labels![GimbalLabels.Backend]);

            var live = await health.CheckHealthAsync(c => c.Tags.Contains(OpenStackServiceCollectionExtensions.LiveTag));
            Assert.Equal(HealthStatus.Healthy, live.Status);
            Assert.Contains("keystone", live.Entries.Keys);
            await Eventually.True(() => health.CheckHealthAsync(c => c.Tags.Contains("ready")).Result.Status == HealthStatus.Healthy, "the discoverer is ready");
        }
        finally
        {
            await host.StopAsync();
        }

        await cloud.Server.DisposeAsync();
        var down = await health.CheckHealthAsync(c => c.Tags.Contains(OpenStackServiceCollectionExtensions.LiveTag));
        Assert.Equal(HealthStatus.Unhealthy, down.Status);
    }

    [Fact]
    public void Invalid_options_are_refused_when_the_discoverer_is_built()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddGimbalDiscovery(engine => engine.BackendName = "openstack", _ => new KubernetesClient(new KubernetesClientConfiguration { Server = new Uri("http://127.0.0.1:1") }));
        services.AddGimbalOpenStackDiscoverer(new OpenStackOptions { Credentials = new() { AuthUrl = "http://127.0.0.1:1/v3", Username = "u" } });
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => provider.GetRequiredService<OpenStackOptions>());
        Assert.Contains("OS_PASSWORD", error.Message, StringComparison.Ordinal);
    }
}
