using System.Diagnostics.Metrics;
using Gimbal.Kubernetes.Client;
using Gimbal.Kubernetes.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Gimbal.Kubernetes.DependencyInjection;

/// <summary>Registers Gimbal's Kubernetes client in a service collection.</summary>
public static class KubernetesServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IKubernetesClientFactory"/> (for hosts that talk to several clusters), the shared
    /// <see cref="KubernetesClientMetrics"/>, and a default <see cref="KubernetesClient"/> built from <see cref="KubernetesClientOptions"/>.
    /// </summary>
    public static IServiceCollection AddGimbalKubernetesClient(this IServiceCollection services, Action<KubernetesClientOptions>? configure = null)
    {
        services.AddOptions<KubernetesClientOptions>()
            .Validate(o => o.Qps >= 0 && o.Burst >= 0, "Qps and Burst may not be negative");
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.AddMetrics();
        services.TryAddSingleton(sp => new KubernetesClientMetrics(sp.GetService<IMeterFactory>()));
        // Logging is optional: a host that never called AddLogging still gets clients.
        services.TryAddSingleton(sp => new KubernetesClientFactory(sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance, sp.GetRequiredService<KubernetesClientMetrics>()));
        services.TryAddSingleton<IKubernetesClientFactory>(sp => sp.GetRequiredService<KubernetesClientFactory>());
        services.TryAddSingleton(sp => sp.GetRequiredService<IKubernetesClientFactory>().Create(sp.GetRequiredService<IOptions<KubernetesClientOptions>>().Value.Resolve()));
        return services;
    }
}
