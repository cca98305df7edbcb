using System.Diagnostics;
using Gimbal.Yarp.Matching;
using Gimbal.Yarp.Metrics;
using Microsoft.AspNetCore.Http;

namespace Gimbal.Yarp.Pipeline;

/// <summary>Counts every request a Gimbal route served and times its way through the upstream.</summary>
internal sealed class RequestMetricsMiddleware(RequestDelegate next, GimbalYarpMetrics metrics)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            var route = context.GetEndpoint()?.Metadata.GetMetadata<CompiledRoute>();
            var routeName = route?.Name ?? string.Empty;
            var cluster = route?.Descriptor.ClusterId ?? string.Empty;
            metrics.RecordRequest(routeName, cluster, context.Response.StatusCode, Stopwatch.GetElapsedTime(start).TotalSeconds);
        }
    }
}
