using Gimbal.Discovery.Metrics;
using Gimbal.Discovery.Mirroring;
using Gimbal.Discovery.OpenStack;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.DependencyInjection;

public static class OpenStackServiceCollectionExtensions
{
    /// <summary>
    /// The OpenStack discoverer: reads the cloud every reconciliation period and mirrors it through a mirroring
    /// engine of its own onto the <see cref="IMirrorTarget"/> registered by the host; adds the "keystone" health check.
    /// </summary>
    public static IServiceCollection AddGimbalOpenStackDiscovery(this IServiceCollection services, OpenStackOptions options, Action<MirrorEngineOptions>? configureEngine = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("invalid OpenStack discoverer options: " + string.Join("; ", problems), nameof(options));
        }

        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<DiscovererMetrics>();
        services.AddSingleton(options);
        services.AddSingleton(sp => new OpenStackMetrics(sp.GetRequiredService<DiscovererMetrics>(), options.BackendName));
        services.AddSingleton(sp => new OpenStackConnection(options, sp.GetRequiredService<OpenStackMetrics>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new OpenStackDiscoverer(
            options, sp.GetRequiredService<OpenStackConnection>().Api, sp.GetRequiredService<OpenStackMetrics>(), sp.GetRequiredService<ILogger<OpenStackDiscoverer>>()));
        services.AddSingleton(sp =>
        {
            var engineOptions = new MirrorEngineOptions { BackendName = options.BackendName, BackendType = OpenStackDiscoverer.BackendType };
            configureEngine?.Invoke(engineOptions);
            return new MirrorEngine(sp.GetRequiredService<IMirrorTarget>(), engineOptions, sp.GetRequiredService<DiscovererMetrics>(),
                sp.GetRequiredService<ILogger<MirrorEngine>>(), sp.GetRequiredService<TimeProvider>());
        });
        services.AddSingleton<OpenStackDiscoveryService>();
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<OpenStackDiscoveryService>());
        services.AddHealthChecks().AddCheck<KeystoneHealthCheck>("keystone");
        return services;
    }
}
