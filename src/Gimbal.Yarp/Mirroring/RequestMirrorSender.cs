using Gimbal.Core.Collections;
using Gimbal.Core.Routing;
using Gimbal.Yarp.Translation;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.LoadBalancing;
using Yarp.ReverseProxy.Model;

namespace Gimbal.Yarp.Mirroring;

/// <summary>
/// Sends fire-and-forget copies of a route's requests to its mirror clusters through YARP's own
/// forwarder, with the route's transforms and the mirror cluster's HTTP client and destinations
/// (chosen by the Gimbal load-balancing policy among the healthy ones). Nothing about a copy (its
/// failure, slowness or answer) reaches the client's request.
/// </summary>
internal sealed partial class RequestMirrorSender(
    IHttpForwarder forwarder,
    IProxyStateLookup state,
    IEnumerable<ILoadBalancingPolicy> policies,
    IOptionsMonitor<RequestMirrorOptions> options,
    RequestMirrorMetrics metrics,
    ILogger<RequestMirrorSender> logger)
{
    private readonly ILoadBalancingPolicy _policy = policies.First(p => p.Name == GimbalLoadBalancingPolicyName.Value);
    private int _inFlight;

    /// <summary>Starts the copies of this request (buffering a small body first, see <see cref="RequestMirrorOptions.MaxBodyBytes"/>).</summary>
    public async ValueTask StartAsync(HttpContext context, EquatableArray<RequestMirror> mirrors, TimeSpan? routeTimeout)
    {
        var chosen = mirrors.Where(m => m.Percent >= 100 || Random.Shared.Next(100) < m.Percent).ToList();
        var route = context.Features.Get<IReverseProxyFeature>()?.Route;
        // Upgraded connections (websockets) are not requests a copy could replay.
        if (chosen.Count == 0 || route is null || context.Request.Headers.Upgrade.Count > 0)
        {
            return;
        }

        var limits = options.CurrentValue;
        byte[]? body = null;
        var request = context.Request;
        if (HasBody(request))
        {
            if (request.ContentLength is not { } length || length > limits.MaxBodyBytes)
            {
                chosen.ForEach(m => metrics.Record(m.ClusterName, "skipped_body"));
                return;
            }

            // Read once, replayed to the primary from memory: the body is small by the check above.
            body = new byte[length];
            await request.Body.ReadExactlyAsync(body, context.RequestAborted);
            request.Body = new MemoryStream(body, writable: false);
        }

        var copy = new MirroredRequest(request, body);
        var timeout = routeTimeout is { } t && t > TimeSpan.Zero ? t : limits.Timeout;
        foreach (var mirror in chosen)
        {
            if (Interlocked.Increment(ref _inFlight) > limits.MaxInFlight)
            {
                Interlocked.Decrement(ref _inFlight);
                metrics.Record(mirror.ClusterName, "dropped");
                continue;
            }

            _ = Task.Run(() => SendAsync(mirror.ClusterName, copy, route.Transformer, timeout));
        }
    }

    private async Task SendAsync(string clusterName, MirroredRequest copy, HttpTransformer routeTransformer, TimeSpan timeout)
    {
        try
        {
            var context = copy.CreateContext();
            if (!state.TryGetCluster(clusterName, out var cluster)
                || _policy.PickDestination(context, cluster, cluster.DestinationsState.AvailableDestinations) is not { } destination)
            {
                metrics.Record(clusterName, "no_destination");
                return;
            }

            using var cancel = new CancellationTokenSource(timeout);
            context.RequestAborted = cancel.Token;
            var transformer = new ShadowTransformer(routeTransformer, ShadowTransformer.ShadowHost(copy.Host));
            var error = await forwarder.SendAsync(
                context, destination.Model.Config.Address, cluster.Model.HttpClient, cluster.Model.Config.HttpRequest ?? ForwarderRequestConfig.Empty, transformer, cancel.Token);
            metrics.Record(clusterName, error == ForwarderError.None ? "sent" : "failed");
            if (error != ForwarderError.None)
            {
                LogFailed(clusterName, error.ToString());
            }
        }
        catch (Exception ex)
        {
            // A copy must never take anything down with it.
            metrics.Record(clusterName, "failed");
            LogFailed(clusterName, ex.Message);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private static bool HasBody(HttpRequest request) =>
        request.ContentLength > 0 || (request.ContentLength is null && request.Headers.ContainsKey("Transfer-Encoding"));

    [LoggerMessage(Level = LogLevel.Debug, Message = "Mirror copy to {Cluster} failed: {Reason}")]
    private partial void LogFailed(string cluster, string reason);
}
