using Gimbal.Yarp.Matching;
using Gimbal.Yarp.Pipeline;
using Gimbal.Yarp.Translation;
using Microsoft.AspNetCore.Routing;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the Gimbal YARP data plane.</summary>
public static class GimbalYarpEndpointRouteBuilderExtensions
{
    /// <summary>Adds the request-timeout middleware (route timeouts need it) and maps the Gimbal routes.</summary>
    public static ReverseProxyConventionBuilder UseGimbalYarp(this WebApplication app)
    {
        app.UseRequestTimeouts();
        return app.MapGimbalYarp();
    }

    /// <summary>Maps one endpoint per Gimbal route; the host must also run <c>UseRequestTimeouts()</c> after routing.</summary>
    public static ReverseProxyConventionBuilder MapGimbalYarp(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapReverseProxy(proxy =>
            {
                proxy.UseMiddleware<RequestMetricsMiddleware>();
                proxy.UseMiddleware<RouteActionMiddleware>();
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
