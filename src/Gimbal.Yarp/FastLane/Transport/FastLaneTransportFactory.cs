using System.Net;
using Gimbal.Yarp.FastLane.Loop;
using Gimbal.Yarp.FastLane.Routing;
using Gimbal.Yarp.Metrics;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gimbal.Yarp.FastLane.Transport;

/// <summary>Kestrel's transport for <see cref="FastLaneEndPoint"/>s; every other endpoint stays with the socket transport.</summary>
internal sealed class FastLaneTransportFactory(
    FastLaneRoutes routes,
    FastLaneClusters clusters,
    GimbalYarpMetrics metrics,
    IOptions<GimbalYarpOptions> options,
    ILoggerFactory loggers) : IConnectionListenerFactory, IConnectionListenerFactorySelector
{
    public bool CanBind(EndPoint endpoint) => endpoint is FastLaneEndPoint;

    public ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
    {
        if (endpoint is not FastLaneEndPoint fastLane)
        {
            throw new NotSupportedException($"{endpoint} is not a fast-lane endpoint.");
        }

        routes.Use();
        var connections = new SocketConnectionContextFactory(new SocketConnectionFactoryOptions(), loggers.CreateLogger("Gimbal.Yarp.FastLane"));
        var listener = new FastLaneListener(
            fastLane,
            handoff => new FastLaneContext(routes, clusters, metrics, options.Value.UpstreamActivityTimeout, handoff),
            connections);
        return ValueTask.FromResult<IConnectionListener>(listener);
    }
}
