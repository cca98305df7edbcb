using Gimbal.Discovery.Metrics;
using Gimbal.Discovery.Mirroring;
using Gimbal.Discovery.OpenStack;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gimbal.Discovery.DependencyInjection;

/// <summary>Registers the OpenStack discoverer and its health checks.</summary>
public static class OpenStackServiceCollectionExtensions
{
    /// <summary>Health check tag of checks that answer /healthz (liveness).</summary>
    public const string LiveTag = "live";

    /// <summary>
    /// An OpenStack discoverer reading the cloud every reconciliation period and mirroring it through the engine
    /// <see cref="DiscoveryServiceCollectionExtensions.AddGimbalDiscovery"/> registers (needed first; the backend
    /// name comes from there). Adds the "keystone" check (tagged "live": Keystone reachability) and the
    /// "openstack-discoverer" check (tagged "ready").
    /// </summary>
    public static IServiceCollection AddGimbalOpenStackDiscoverer(this IServiceCollection services, OpenStackOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp =>
        {
            var resolved = options with { BackendName = sp.GetRequiredService<IOptions<MirrorEngineOptions>>().Value.BackendName };
            var problems = resolved.Validate();
            return problems.Count == 0 ? resolved : throw new OptionsValidationException(nameof(OpenStackOptions), typeof(OpenStackOptions), problems);
        });
        services.AddSingleton(sp => new OpenStackMetrics(sp.GetRequiredService<DiscovererMetrics>(), sp.GetRequiredService<OpenStackOptions>().BackendName));
        services.AddSingleton(sp => new OpenStackConnection(sp.GetRequiredService<OpenStackOptions>(), sp.GetRequiredService<OpenStackMetrics>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new OpenStackDiscoverer(
            sp.GetRequiredService<OpenStackOptions>(), sp.GetRequiredService<OpenStackConnection>().Api, sp.GetRequiredService<OpenStackMetrics>(), sp.GetRequiredService<ILogger<OpenStackDiscoverer>>()));
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<OpenStackOptions>();
            var metrics = sp.GetRequiredService<DiscovererMetrics>();
            metrics.SetInfo(options.BackendName, OpenStackDiscoverer.BackendType, typeof(OpenStackDiscoverer).Assembly.GetName().Version?.ToString() ?? "unknown");
            return new OpenStackDiscoveryService(
                sp.GetRequiredService<OpenStackDiscoverer>(),
                sp.GetRequiredService<MirrorEngine>(),
                options,
                sp.GetRequiredService<OpenStackMetrics>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<OpenStackDiscoveryService>>());
        });
        services.AddHostedService(sp => sp.GetRequiredService<OpenStackDiscoveryService>());
        services.AddHealthChecks()
            .AddCheck<KeystoneHealthCheck>("keystone", tags: [LiveTag])
            .AddCheck<OpenStackDiscovererHealthCheck>("openstack-discoverer", tags: ["ready"]);
        return services;
    }
}
