using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Gimbal.Kubernetes.Status;

/// <summary>DI registration of the status writer (needs a KubernetesClient, see AddGimbalKubernetesClient).</summary>
public static class StatusServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="StatusWriter"/> as a singleton, with <see cref="StatusWriterOptions"/> validated (Component must be set).
    /// A <see cref="Client.KubernetesClient"/> must be registered too, e.g. by AddGimbalKubernetesClient.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options; null keeps the defaults.</param>
    /// <returns>The same service collection, for chaining.</returns>
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
