using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Model;

namespace Gimbal.Yarp.CircuitBreaking;

/// <summary>
/// Envoy's request circuit breakers: once a cluster has its limit of requests in flight, further
/// requests get 503 with <c>x-envoy-overloaded: true</c> at once instead of queueing.
/// </summary>
internal sealed class CircuitBreakerMiddleware(RequestDelegate next, ClusterGuards guards)
{
    public const string OverloadedHeader = "x-envoy-overloaded";

    public Task InvokeAsync(HttpContext context)
    {
        var feature = context.Features.Get<IReverseProxyFeature>();
        if (feature?.Cluster is not { } model || guards.LimitsOf(model) is not { LimitsRequests: true } limits || context.GetRouteModel().Cluster is not { } cluster)
        {
            return next(context);
        }

        var load = guards.LoadOf(cluster);
        if (!load.TryEnterRequest(limits.MaxInFlight))
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers[OverloadedHeader] = "true";
            return Task.CompletedTask;
        }

        return ForwardAsync(context, load);
    }

    private async Task ForwardAsync(HttpContext context, ClusterLoad load)
    {
        try
        {
            await next(context);
        }
        finally
        {
            load.ExitRequest();
        }
    }
}
