using System.Net.Http;
using Gimbal.Yarp.CircuitBreaking;
using Gimbal.Yarp.Matching;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace Gimbal.Yarp.Pipeline;

/// <summary>
/// Envoy's route retry policy: each try may have its own timeout, and a try that failed on a
/// condition of <c>retry_on</c> is sent again, preferring destinations not tried yet, as long as
/// nothing of its answer reached the client, the request has no body to replay, and the cluster's
/// <c>MaxRetries</c> circuit breaker has room. Retriable answers are held back by
/// <see cref="RetryTransformProvider"/> before their body is copied.
/// </summary>
internal sealed class RetryMiddleware(RequestDelegate next, ClusterGuards guards)
{
    public Task InvokeAsync(HttpContext context)
    {
        var plan = context.GetEndpoint()?.Metadata.GetMetadata<CompiledRoute>()?.Retry;
        var feature = context.Features.Get<IReverseProxyFeature>();
        return plan is null || feature is null ? next(context) : RetryAsync(context, plan, feature);
    }

    private async Task RetryAsync(HttpContext context, RetryPlan plan, IReverseProxyFeature feature)
    {
        var cluster = context.GetRouteModel().Cluster;
        var load = cluster is null ? null : guards.LoadOf(cluster);
        var maxRetries = guards.LimitsOf(feature.Cluster).MaxRetries;
        var retries = load is not null && IsReplayable(context) ? plan.Retries : 0;

        // The load balancer narrows AvailableDestinations to its pick, so keep the full list aside.
        var all = feature.AvailableDestinations;
        List<DestinationState>? tried = null;
        var holdingRetrySlot = false;
        for (var attempt = 0; ; attempt++)
        {
            var current = attempt < retries ? new RetryAttempt(plan, load!, maxRetries) : null;
            context.Features.Set(current);
            bool timedOut;
            try
            {
                timedOut = await AttemptAsync(context, plan.PerTryTimeout);
            }
            finally
            {
                context.Features.Set<RetryAttempt>(null);
                if (holdingRetrySlot)
                {
                    load!.ExitRetry();
                }
            }

            holdingRetrySlot = false;
            if (context.Response.HasStarted)
            {
                if (timedOut)
                {
                    context.Abort();
                }

                return;
            }

            if (current is not null && current.HeldBackStatus != 0)
            {
                holdingRetrySlot = true;
            }
            else if (current is not null && (Failure(context, timedOut) & plan.On) != RetryOn.None && load!.TryEnterRetry(maxRetries))
            {
                holdingRetrySlot = true;
            }
            else
            {
                if (timedOut)
                {
                    context.Response.Clear();
                    context.Response.StatusCode = StatusCodes.Status504GatewayTimeout;
                }

                return;
            }

            if (feature.ProxiedDestination is { } failed)
            {
                (tried ??= []).Add(failed);
            }

            var untried = tried is null ? all : all.Where(d => !tried.Contains(d)).ToList();
            feature.AvailableDestinations = untried.Count > 0 ? untried : all;
            context.Features.Set<IForwarderErrorFeature>(null);
            context.Response.Clear();
        }
    }

    /// <summary>One try; true when its own timeout (not the client or the route timeout) ended it.</summary>
    private async Task<bool> AttemptAsync(HttpContext context, TimeSpan? perTryTimeout)
    {
        if (perTryTimeout is not { } limit)
        {
            await next(context);
            return false;
        }

        var timedOut = await RequestDeadline.RunAsync(context, next, limit);

        // A timer firing just after a complete answer is no timeout: only a failed try counts.
        return timedOut && context.Features.Get<IForwarderErrorFeature>() is not null;
    }

    private static RetryOn Failure(HttpContext context, bool timedOut)
    {
        if (timedOut)
        {
            return RetryOn.Reset;
        }

        var error = context.Features.Get<IForwarderErrorFeature>();
        return error?.Error switch
        {
            ForwarderError.Request when IsConnectFailure(error.Exception) => RetryOn.ConnectFailure,
            ForwarderError.Request or ForwarderError.RequestTimedOut => RetryOn.Reset,
            _ => RetryOn.None,
        };
    }

    private static bool IsConnectFailure(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Only requests without a body can be sent again: YARP streams bodies and keeps no copy.</summary>
    private static bool IsReplayable(HttpContext context) =>
        context.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: false }
        || (context.Request.ContentLength == 0 && !context.Request.Headers.ContainsKey("Transfer-Encoding"));
}
