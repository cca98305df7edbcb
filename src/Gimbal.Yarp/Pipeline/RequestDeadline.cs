using Microsoft.AspNetCore.Http;

namespace Gimbal.Yarp.Pipeline;

/// <summary>Runs the rest of the pipeline with <see cref="HttpContext.RequestAborted"/> also cancelled after a limit.</summary>
internal static class RequestDeadline
{
    /// <summary>
    /// Runs <paramref name="next"/> under <paramref name="limit"/> and restores the client's token afterwards; true when
    /// the limit fired while the client was still there (the caller decides what a late firing means).
    /// </summary>
    public static async Task<bool> RunAsync(HttpContext context, RequestDelegate next, TimeSpan limit)
    {
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

        return timer.IsCancellationRequested && !clientAborted.IsCancellationRequested;
    }
}
