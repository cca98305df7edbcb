using System.Net;

namespace Gimbal.Yarp.FastLane.Transport;

/// <summary>
/// An IP endpoint served by the fast lane: Kestrel binds it through <see cref="FastLaneTransportFactory"/>
/// instead of its socket transport. Made by <c>ListenGimbalFastLane</c>.
/// </summary>
/// <param name="address">Where to listen.</param>
public sealed class FastLaneEndPoint(IPEndPoint address) : EndPoint
{
    /// <summary>Where it listens (with the actual port once bound).</summary>
    public IPEndPoint Address { get; } = address;

    /// <inheritdoc />
    public override System.Net.Sockets.AddressFamily AddressFamily => Address.AddressFamily;

    /// <summary>"127.0.0.1:8080", so Kestrel's addresses read "http://127.0.0.1:8080".</summary>
    public override string ToString() => Address.ToString();
}
