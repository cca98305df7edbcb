using Gimbal.Yarp.CircuitBreaking;
using Gimbal.Yarp.Matching;
using Gimbal.Yarp.Mirroring;
using Gimbal.Yarp.Pipeline;
using Gimbal.Yarp.Translation;
using Microsoft.AspNetCore.Routing;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the Gimbal YARP data plane.</summary>
public static class GimbalYarpEndpointRouteBuilderExtensions
{
    /// <summary>Maps the Gimbal routes on a <see cref="WebApplication"/>.</summary>
    public static ReverseProxyConventionBuilder UseGimbalYarp(this WebApplication app) => app.MapGimbalYarp();

    /// <summary>Maps one endpoint per Gimbal route.</summary>
    public static ReverseProxyConventionBuilder MapGimbalYarp(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapReverseProxy(proxy =>
            {
                proxy.UseMiddleware<RequestMetricsMiddleware>();
                proxy.UseMiddleware<RouteActionMiddleware>();
                proxy.UseMiddleware<RequestMirrorMiddleware>();
                proxy.UseMiddleware<RouteTimeoutMiddleware>();
                proxy.UseMiddleware<CircuitBreakerMiddleware>();
                proxy.UseMiddleware<RetryMiddleware>();
                proxy.UseLoadBalancing();
                proxy.UsePassiveHealthChecks();
            })
            .ConfigureEndpoints((endpoint, route) =>
            {
                if (RouteDescriptor.FromMetadata(route.Metadata) is { } descriptor)
                {
                    endpoint.WithMetadata(new CompiledRoute(descriptor));
                }
            });
}
