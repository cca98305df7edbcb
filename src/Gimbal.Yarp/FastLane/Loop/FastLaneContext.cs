using Gimbal.Yarp.FastLane.Routing;
using Gimbal.Yarp.Metrics;
using Microsoft.Extensions.Logging;

namespace Gimbal.Yarp.FastLane.Loop;

/// <summary>What every event loop of a listener shares.</summary>
/// <param name="Routes">The current route table.</param>
/// <param name="Clusters">Destination picking from YARP's cluster state.</param>
/// <param name="Metrics">The data plane's instruments.</param>
/// <param name="UpstreamActivityTimeout">How long an upstream may stay silent mid-exchange (YARP's activity timeout).</param>
/// <param name="Handoff">Gives a client socket (with the bytes already read from it) to Kestrel.</param>
/// <param name="Logger">Where faults of the loops go.</param>
internal sealed record FastLaneContext(
    FastLaneRoutes Routes,
    FastLaneClusters Clusters,
    GimbalYarpMetrics Metrics,
    TimeSpan UpstreamActivityTimeout,
    Action<int, byte[]> Handoff,
    ILogger Logger)
{
    public void LogFault(Exception exception) => FastLaneLog.LoopFault(Logger, exception);

    /// <summary>Kestrel's default keep-alive timeout.</summary>
    public TimeSpan KeepAliveTimeout { get; init; } = TimeSpan.FromSeconds(130);

    /// <summary>Kestrel's default time to receive a request head.</summary>
    public TimeSpan RequestHeadersTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an idle pooled upstream connection is kept (SocketsHttpHandler's default).</summary>
    public TimeSpan PooledConnectionIdleTimeout { get; init; } = TimeSpan.FromMinutes(1);
}

internal static partial class FastLaneLog
{
    [LoggerMessage(Level = LogLevel.Error, Message = "A fast-lane exchange failed; its connection was closed")]
    public static partial void LoopFault(ILogger logger, Exception exception);
}
