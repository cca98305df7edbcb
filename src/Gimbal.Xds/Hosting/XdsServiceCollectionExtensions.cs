using Gimbal.Xds.Grpc;
using Gimbal.Xds.Protocol;
using Gimbal.Xds.Snapshots;
using Gimbal.Xds.Translation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Gimbal.Xds.Hosting;

/// <summary>Registers Gimbal's xDS control plane in a service collection.</summary>
public static class XdsServiceCollectionExtensions
{
    /// <summary>
    /// The xDS server: snapshot cache, publisher (feed it route and endpoint tables), translator and the
    /// gRPC services. Map them with <c>MapGimbalXds()</c> on an HTTP/2 endpoint.
    /// </summary>
    public static IServiceCollection AddGimbalXds(this IServiceCollection services, Action<XdsOptions>? configure = null)
    {
        services.AddOptions<XdsOptions>()
            .Validate(o => o.Transport.MaxReceiveMessageSize > 0 && o.Transport.MaxSendMessageSize > 0, "message size limits must be positive")
            .Validate(o => o.Translation.HttpPort is > 0 and < 65536 && o.Translation.HttpsPort is > 0 and < 65536, "listener ports must be 1-65535");
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.AddMetrics();
        services.AddRouting();
        services.TryAddSingleton<INodeGroupSelector, SingleNodeGroupSelector>();
        services.TryAddSingleton<XdsSnapshotCache>();
        services.TryAddSingleton(sp => new EnvoyTranslator(sp.GetRequiredService<IOptions<XdsOptions>>().Value.Translation));
        services.TryAddSingleton<XdsPublisher>();
        services.TryAddSingleton<XdsMetrics>();
        services.TryAddSingleton<XdsDiscoveryService>();
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<XdsOptions>>().Value.Transport);
        services.TryAddSingleton<GrpcMethodHandler>();
        return services;
    }
}
