using System.Diagnostics.Metrics;
using Gimbal.Core.Naming;
using Gimbal.Discovery.Kubernetes;
using Gimbal.Discovery.Metrics;
using Gimbal.Discovery.Mirroring;
using Gimbal.Kubernetes.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gimbal.Discovery.DependencyInjection;

/// <summary>Registers the mirroring engine and discoverer metrics that every Gimbal discoverer shares.</summary>
public static class DiscoveryServiceCollectionExtensions
{
    /// <summary>
    /// The mirroring engine for one backend, writing to the Gimbal cluster through <paramref name="gimbalClient"/>
    /// (kept as the keyed service <see cref="DiscoveryClients.Gimbal"/> and disposed with the container), and the
    /// discoverer metrics. Every discoverer needs this; each adds its own source next to it.
    /// </summary>
    public static IServiceCollection AddGimbalDiscovery(this IServiceCollection services, Action<MirrorEngineOptions> configure, Func<IServiceProvider, KubernetesClient> gimbalClient)
    {
        services.AddMetrics();
        services.AddOptions<MirrorEngineOptions>()
            .Configure(configure)
            .ValidateDataAnnotations()
            .Validate(o => GimbalNames.IsValidBackendName(o.BackendName, out _), "the backend name must be a DNS label: lower case letters, digits and '-', starting with a letter")
            .ValidateOnStart();
        services.AddSingleton(sp => new DiscovererMetrics(sp.GetRequiredService<IMeterFactory>()));
        services.AddKeyedSingleton(DiscoveryClients.Gimbal, (sp, _) => gimbalClient(sp));
        services.AddSingleton<IMirrorTarget>(sp => new KubernetesMirrorTarget(sp.GetRequiredKeyedService<KubernetesClient>(DiscoveryClients.Gimbal)));
        services.AddSingleton(sp => new MirrorEngine(
            sp.GetRequiredService<IMirrorTarget>(),
            sp.GetRequiredService<IOptions<MirrorEngineOptions>>().Value,
            sp.GetRequiredService<DiscovererMetrics>(),
            sp.GetRequiredService<ILogger<MirrorEngine>>()));
        return services;
    }

    /// <summary>
    /// A Kubernetes discoverer reading the upstream cluster through <paramref name="upstreamClient"/> (kept as the
    /// keyed service <see cref="DiscoveryClients.Upstream"/>), run as a hosted service, with a readiness check
    /// tagged "ready". Needs <see cref="AddGimbalDiscovery"/>.
    /// </summary>
    public static IServiceCollection AddGimbalKubernetesDiscoverer(this IServiceCollection services, Action<KubernetesDiscovererOptions> configure, Func<IServiceProvider, KubernetesClient> upstreamClient)
    {
        services.AddOptions<KubernetesDiscovererOptions>().Configure(configure);
        services.AddKeyedSingleton(DiscoveryClients.Upstream, (sp, _) => upstreamClient(sp));
        services.AddSingleton(sp =>
        {
            var engine = sp.GetRequiredService<IOptions<MirrorEngineOptions>>().Value;
            var options = sp.GetRequiredService<IOptions<KubernetesDiscovererOptions>>().Value;
            var metrics = sp.GetRequiredService<DiscovererMetrics>();
            metrics.SetInfo(engine.BackendName, KubernetesDiscoverer.BackendType, typeof(KubernetesDiscoverer).Assembly.GetName().Version?.ToString() ?? "unknown");
            return new KubernetesDiscoverer(
                sp.GetRequiredKeyedService<KubernetesClient>(DiscoveryClients.Upstream),
                sp.GetRequiredService<MirrorEngine>(),
                new KubernetesMirrorMapper(engine.BackendName, options),
                options,
                metrics,
                sp.GetRequiredService<ILogger<KubernetesDiscoverer>>());
        });
        services.AddHostedService(sp => sp.GetRequiredService<KubernetesDiscoverer>());
        services.AddHealthChecks().AddCheck<KubernetesDiscovererHealthCheck>("kubernetes-discoverer", tags: ["ready"]);
        return services;
    }
}
