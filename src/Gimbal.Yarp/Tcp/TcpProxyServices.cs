using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Gimbal.Yarp.Tcp;

/// <summary>The TCP proxy's services, registered by <c>AddGimbalYarp</c>.</summary>
internal static class TcpProxyServices
{
    public static void Add(IServiceCollection services)
    {
        services.AddOptions<TcpProxyOptions>()
            .Validate(o => o.ClientHelloTimeout > TimeSpan.Zero, "ClientHelloTimeout must be positive.")
            .Validate(o => o.ConnectTimeout > TimeSpan.Zero, "ConnectTimeout must be positive.")
            .Validate(o => o.IdleTimeout > TimeSpan.Zero, "IdleTimeout must be positive.")
            .ValidateOnStart();
        services.TryAddSingleton<TcpProxyRoutes>();
        services.TryAddSingleton<TcpProxyMetrics>();
        services.TryAddSingleton<TcpUpstreamConnector>();
        services.TryAddSingleton<TcpProxyForwarder>();
        services.TryAddSingleton<TcpProxyConnectionMiddleware>();
    }
}
