using Gimbal.Yarp.Matching;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace Gimbal.Yarp.Pipeline;

/// <summary>
/// Retries idempotent, body-less requests of routes with a retry policy on another destination when
/// the attempt failed before any response reached the client (connect failures, resets before
/// headers). Responses already streaming to the client cannot be taken back, so 5xx answers are not
/// retried: YARP does not buffer responses.
/// </summary>
internal sealed class RetryMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var retry = context.GetEndpoint()?.Metadata.GetMetadata<CompiledRoute>()?.Descriptor.Route.Action.Forward?.Retry;
        var feature = context.Features.Get<IReverseProxyFeature>();
        if (retry is null || retry.Count <= 0 || feature is null || !IsReplayable(context.Request))
        {
            await next(context);
            return;
        }

        // The load balancer narrows AvailableDestinations to its pick, so keep the full list aside.
        var candidates = feature.AvailableDestinations;
        for (var attempt = 0; ; attempt++)
        {
            await next(context);
            var error = context.Features.Get<IForwarderErrorFeature>();
            if (error is null || error.Error != ForwarderError.Request || context.Response.HasStarted || attempt >= retry.Count)
            {
                return;
            }

            var failed = feature.ProxiedDestination;
            var remaining = candidates.Where(d => !ReferenceEquals(d, failed)).ToList();
            if (remaining.Count == 0)
            {
                return;
            }

            candidates = remaining;
            feature.AvailableDestinations = remaining;
            context.Features.Set<IForwarderErrorFeature>(null);
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.Headers.Clear();
        }
    }

    private static bool IsReplayable(HttpRequest request) =>
        (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method)
            || HttpMethods.IsDelete(request.Method) || HttpMethods.IsTrace(request.Method))
        && request.ContentLength is null or 0
        && !request.Headers.ContainsKey("Transfer-Encoding");
}
