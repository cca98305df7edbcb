using System.Net;
using Gimbal.Yarp.FastLane.Native;
using Gimbal.Yarp.FastLane.Transport;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Microsoft.AspNetCore.Hosting;

/// <summary>Puts the fast lane in front of a plain-HTTP Kestrel listener.</summary>
public static class GimbalFastLaneKestrelExtensions
{
    /// <summary>
    /// Listens on <paramref name="endpoint"/> with the Gimbal fast lane: per-core epoll loops that forward
    /// simple HTTP/1.1 requests (GET and HEAD without body, on routes that only forward) themselves, and hand
    /// every other connection, at a request boundary, to Kestrel and YARP on this listener. Needs
    /// <c>AddGimbalYarp</c>. Plain HTTP only; on platforms other than Linux x86-64 this is a plain Kestrel listener.
    /// </summary>
    /// <param name="kestrel">Kestrel's options.</param>
    /// <param name="endpoint">Where to listen.</param>
    /// <param name="configure">Options of the Kestrel side (protocols, connection middleware) for handed-off connections.</param>
    public static void ListenGimbalFastLane(this KestrelServerOptions kestrel, IPEndPoint endpoint, Action<ListenOptions>? configure = null)
    {
        if (LinuxSockets.IsSupported)
        {
            kestrel.Listen(new FastLaneEndPoint(endpoint), configure ?? (_ => { }));
        }
        else
        {
            kestrel.Listen(endpoint, configure ?? (_ => { }));
        }
    }
}
