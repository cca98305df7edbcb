using Gimbal.Core.Compilation;
using Gimbal.Hosting.Health;
using Gimbal.Hosting.Metrics;
using Gimbal.Hosting.Routing;
using Gimbal.Hosting.Sources;
using Gimbal.Hosting.Status;
using Gimbal.Kubernetes.Status;
using Gimbal.Kubernetes.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers what every Gimbal host shares.</summary>
public static class GimbalHostingServiceCollectionExtensions
{
    /// <summary>The compile loop from the configured source to every <see cref="IRouteTableSink"/>, readiness and the Prometheus exporter.</summary>
    public static IServiceCollection AddGimbalHosting(
        this IServiceCollection services, Action<GimbalSourceOptions> source, CompilerOptions? compiler = null)
    {
        services.AddOptions<GimbalSourceOptions>()
            .Configure(source)
            .BindConfiguration("Gimbal:Source")
            .Validate(o => !string.IsNullOrWhiteSpace(o.Manifests) || o.UsesCluster, "A source is required: --manifests DIR, or a cluster (--kubeconfig FILE, --in-cluster).")
            .Validate(o => o.Debounce >= TimeSpan.Zero, "Debounce must not be negative.")
            .ValidateOnStart();
        var compilerOptions = compiler ?? CompilerOptions.Default;
        services.TryAddSingleton(new RouteCompiler(compilerOptions));
        services.AddOptions<StatusWriterOptions>().Configure(o => o.IngressClassName = compilerOptions.IngressClassName);
        services.AddOptions<IngressStatusOptions>().BindConfiguration("Gimbal:IngressStatus");
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<StatusFeedback>();
        services.AddGimbalKubernetesClient();
        services.TryAddSingleton<ResourceSourceFactory>();
        services.TryAddSingleton<GimbalReadiness>();
        services.AddHostedService<RouteTableFeed>();
        return services.AddGimbalPrometheus();
    }

    /// <summary>
    /// <see cref="AddGimbalHosting(IServiceCollection, Action{GimbalSourceOptions}, CompilerOptions?)"/> with the compiler
    /// options and the Ingress status address the hosts' shared flags decide; a given address wins over configuration.
    /// </summary>
    public static IServiceCollection AddGimbalHosting(this IServiceCollection services, Action<GimbalSourceOptions> source, HostRouteSettings routes)
    {
        services.AddGimbalHosting(
            source,
            CompilerOptions.Default with
            {
                IngressClassName = routes.IngressClass,
                RootNamespaces = routes.RootNamespaces,
                FallbackCertificate = routes.FallbackCertificate,
            });
        if (routes.IngressStatusAddress is { Length: > 0 } address)
        {
            // Registered after the Gimbal:IngressStatus binding above, so it is applied last.
            services.Configure<IngressStatusOptions>(o => o.Address = address);
        }

        return services;
    }

    /// <summary>Only the Prometheus exporter (meters "Gimbal.*" and Kestrel's by default).</summary>
    public static IServiceCollection AddGimbalPrometheus(this IServiceCollection services, Action<PrometheusExporterOptions>? configure = null)
    {
        var options = services.AddOptions<PrometheusExporterOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton<PrometheusExporter>();
        services.TryAddSingleton<GimbalReadiness>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, PrometheusExporterActivator>());
        return services;
    }
}
