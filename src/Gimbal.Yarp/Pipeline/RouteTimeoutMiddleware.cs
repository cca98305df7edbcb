using Gimbal.Yarp.Matching;
using Microsoft.AspNetCore.Http;

namespace Gimbal.Yarp.Pipeline;

/// <summary>
/// A route's request timeout: the whole upstream exchange must finish in time, else the client
/// gets 504 (or, when the response is already streaming, a reset). YARP 2.1 reports ASP.NET Core's
/// request-timeout cancellation as a client abort (400), so the timeout is kept here instead.
/// </summary>
internal sealed class RouteTimeoutMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var timeout = context.GetEndpoint()?.Metadata.GetMetadata<CompiledRoute>()?.Descriptor.Route.Action.Forward?.Timeouts?.Request;
        if (timeout is not { } limit || limit <= TimeSpan.Zero)
        {
            await next(context);
            return;
        }

        var clientAborted = context.RequestAborted;
        using var timer = new CancellationTokenSource(limit);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(clientAborted, timer.Token);
        context.RequestAborted = linked.Token;
        try
        {
            await next(context);
        }
        finally
        {
            context.RequestAborted = clientAborted;
        }

        if (timer.IsCancellationRequested && !clientAborted.IsCancellationRequested)
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
