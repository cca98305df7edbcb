using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Gimbal.Kubernetes.Status;

/// <summary>DI registration of the status writer (needs a KubernetesClient, see AddGimbalKubernetesClient).</summary>
public static class StatusServiceCollectionExtensions
{
    public static IServiceCollection AddGimbalStatusWriter(this IServiceCollection services, Action<StatusWriterOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = services.AddOptions<StatusWriterOptions>()
            .Validate(o => !string.IsNullOrWhiteSpace(o.Component), "Component must be set.");
        if (configure is not null)
        {
            builder.Configure(configure);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<StatusWriter>();
        return services;
    }
}
