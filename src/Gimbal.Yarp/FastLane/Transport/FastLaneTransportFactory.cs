using System.Net;
using Gimbal.Yarp.FastLane.Loop;
using Gimbal.Yarp.FastLane.Routing;
using Gimbal.Yarp.Metrics;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gimbal.Yarp.FastLane.Transport;

/// <summary>
/// Kestrel's transport for <see cref="FastLaneEndPoint"/>s; every other endpoint stays with the socket transport.
/// Kestrel builds every transport factory while the host is still being built, before YARP's config
/// manager may be created, so the data-plane services are resolved only when a fast-lane endpoint binds.
/// </summary>
internal sealed class FastLaneTransportFactory(IServiceProvider services) : IConnectionListenerFactory, IConnectionListenerFactorySelector
{
    public bool CanBind(EndPoint endpoint) => endpoint is FastLaneEndPoint;

    public ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
    {
        if (endpoint is not FastLaneEndPoint fastLane)
        {
            throw new NotSupportedException($"{endpoint} is not a fast-lane endpoint.");
        }

        var routes = services.GetRequiredService<FastLaneRoutes>();
        var clusters = services.GetRequiredService<FastLaneClusters>();
        var metrics = services.GetRequiredService<GimbalYarpMetrics>();
        var options = services.GetRequiredService<IOptions<GimbalYarpOptions>>();
        routes.Use();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Gimbal.Yarp.FastLane");
        var connections = new SocketConnectionContextFactory(new SocketConnectionFactoryOptions(), logger);
        var listener = new FastLaneListener(
            fastLane,
            handoff => new FastLaneContext(routes, clusters, metrics, options.Value.UpstreamActivityTimeout, handoff, logger),
            connections);
        return ValueTask.FromResult<IConnectionListener>(listener);
    }
}
