using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;

namespace Gimbal.Yarp.Forwarding;

/// <summary>
/// YARP's upstream connection pools, without its distributed-tracing hook unless asked for: the
/// hook rewrites trace headers on every forwarded request even when nothing collects traces, and
/// Envoy without a tracer passes the client's trace headers through untouched as this does.
/// </summary>
internal sealed class GimbalForwarderHttpClientFactory(ILogger<ForwarderHttpClientFactory> logger, IOptions<GimbalYarpOptions> options)
    : ForwarderHttpClientFactory(logger)
{
    protected override void ConfigureHandler(ForwarderHttpClientContext context, SocketsHttpHandler handler)
    {
        base.ConfigureHandler(context, handler);
        if (!options.Value.PropagateTraceContext)
        {
            handler.ActivityHeadersPropagator = null;
        }
    }
}
