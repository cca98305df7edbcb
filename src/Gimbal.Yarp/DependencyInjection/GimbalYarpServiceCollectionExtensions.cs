using Gimbal.Yarp;
using Gimbal.Yarp.CircuitBreaking;
using Gimbal.Yarp.Configuration;
using Gimbal.Yarp.FastLane.Routing;
using Gimbal.Yarp.FastLane.Transport;
using Gimbal.Yarp.Forwarding;
using Gimbal.Yarp.Health;
using Gimbal.Yarp.LoadBalancing;
using Gimbal.Yarp.Matching;
using Gimbal.Yarp.Metrics;
using Gimbal.Yarp.Mirroring;
using Gimbal.Yarp.Pipeline;
using Gimbal.Yarp.ServiceHeaders;
using Gimbal.Yarp.Tcp;
using Gimbal.Yarp.Tls;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.LoadBalancing;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Gimbal YARP data plane.</summary>
public static class GimbalYarpServiceCollectionExtensions
{
    /// <summary>
    /// Adds YARP fed by <see cref="GimbalYarpDataPlane"/>. Map it with <c>app.MapGimbalYarp()</c>.
    /// </summary>
    public static IReverseProxyBuilder AddGimbalYarp(this IServiceCollection services, Action<GimbalYarpOptions>? configure = null)
    {
        var options = services.AddOptions<GimbalYarpOptions>()
            .Validate(o => o.PassiveReactivationPeriod > TimeSpan.Zero, "PassiveReactivationPeriod must be positive.")
            .Validate(o => o.UpstreamActivityTimeout > TimeSpan.Zero, "UpstreamActivityTimeout must be positive.")
            .Validate(o => o.HttpsRedirectPort is > 0 and <= 65535, "HttpsRedirectPort must be a port number.")
            .ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<GimbalProxyConfigProvider>();
        services.TryAddSingleton<GimbalCertificateSelector>();
        services.TryAddSingleton<GimbalYarpMetrics>();
        services.TryAddSingleton<GimbalYarpDataPlane>();
        TcpProxyServices.Add(services);
        RequestMirrorServices.Add(services);
        services.AddSingleton<IProxyConfigProvider>(sp => sp.GetRequiredService<GimbalProxyConfigProvider>());
        services.TryAddSingleton<GimbalLoadBalancingPolicy>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ILoadBalancingPolicy, GimbalLoadBalancingPolicy>(sp => sp.GetRequiredService<GimbalLoadBalancingPolicy>()));
        services.TryAddSingleton<FastLaneRoutes>();
        services.TryAddSingleton<FastLaneClusters>();
        // Binds only FastLaneEndPoints (ListenGimbalFastLane); every other endpoint keeps Kestrel's socket transport.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConnectionListenerFactory, FastLaneTransportFactory>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<MatcherPolicy, GimbalMatcherPolicy>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IActiveHealthCheckPolicy, HealthThresholdPolicy>());
        services.TryAddSingleton<ClusterGuards>();

        // YARP never reactivates a passively ejected destination sooner than its failure-detection
        // window (60 s by default), so a shorter reactivation period also shortens the window.
        services.AddOptions<TransportFailureRateHealthPolicyOptions>()
            .Configure<IOptions<GimbalYarpOptions>>((policy, gimbal) =>
            {
                if (gimbal.Value.PassiveReactivationPeriod < policy.DetectionWindowSize)
                {
                    policy.DetectionWindowSize = gimbal.Value.PassiveReactivationPeriod;
                }
            });
        var proxy = services.AddReverseProxy()
            .AddTransforms<EnvoyHeadersTransformProvider>()
            .AddTransforms<PrefixRewriteTransformProvider>()
            .AddTransforms<RetryTransformProvider>()
            .AddTransforms<ServiceHeadersTransformProvider>();

        // Registered after YARP's own, so these win.
        services.AddSingleton<IProbingRequestFactory, HealthProbeRequestFactory>();
        services.AddSingleton<IForwarderHttpClientFactory, GimbalForwarderHttpClientFactory>();
        return proxy;
    }
}
