using Gimbal.Yarp.Matching;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Model;

namespace Gimbal.Yarp.Pipeline;

/// <summary>
/// A route's timeouts. The request timeout bounds the whole upstream exchange: when it passes the
/// client gets 504 (or, when the answer is already streaming, a reset). YARP 2.1 reports ASP.NET
/// Core's request-timeout cancellation as a client abort (400), so that timeout is kept here. The
/// idle timeout (Envoy's stream idle timeout) is YARP's activity timeout, which YARP only knows per
/// cluster: the request gets a copy of its cluster's model with the route's value.
/// </summary>
internal sealed class RouteTimeoutMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var route = context.GetEndpoint()?.Metadata.GetMetadata<CompiledRoute>();
        if (route?.IdleTimeout is { } idle && context.Features.Get<IReverseProxyFeature>() is { Cluster: { } cluster } feature)
        {
            context.Features.Set<IReverseProxyFeature>(new IdleTimeoutProxyFeature(feature, route.WithActivityTimeout(cluster, idle)));
        }

        return route?.RequestTimeout is { } limit ? WithTimeoutAsync(context, limit) : next(context);
    }

    private async Task WithTimeoutAsync(HttpContext context, TimeSpan limit)
    {
        if (await RequestDeadline.RunAsync(context, next, limit))
        {
            if (context.Response.HasStarted)
            {
                context.Abort();
            }
            else
            {
                context.Response.Clear();
                context.Response.StatusCode = StatusCodes.Status504GatewayTimeout;
            }
        }
    }
}
