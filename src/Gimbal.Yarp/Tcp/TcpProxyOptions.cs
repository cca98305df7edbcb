namespace Gimbal.Yarp.Tcp;

/// <summary>Limits of TCP proxying (TLS passthrough and TLS-terminated tcpproxy hosts).</summary>
public sealed class TcpProxyOptions
{
    /// <summary>How long a new connection on the HTTPS listener may take to send its ClientHello.</summary>
    public TimeSpan ClientHelloTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long connecting to an upstream endpoint may take before the client connection is closed.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A proxied connection with no bytes in either direction for this long is closed (Envoy's tcp_proxy default: 1 hour).</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromHours(1);
}
