using Gimbal.Yarp.Matching;
using Microsoft.AspNetCore.Http;

namespace Gimbal.Yarp.Mirroring;

/// <summary>Starts the copies of forwarded requests whose route has mirror clusters, then goes on with the request itself.</summary>
internal sealed class RequestMirrorMiddleware(RequestDelegate next, RequestMirrorSender sender)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var forward = context.GetEndpoint()?.Metadata.GetMetadata<CompiledRoute>()?.Descriptor.Route.Action.Forward;
        if (forward is { Mirrors.Count: > 0 })
        {
            await sender.StartAsync(context, forward.Mirrors, forward.Timeouts?.Request);
        }

        await next(context);
    }
}
