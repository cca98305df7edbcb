using Gimbal.Core.Collections;

namespace Gimbal.Core.Routing;

/// <summary>
/// Layer-4 proxying of a virtual host's TLS connections (Contour's spec.tcpproxy): the HTTPS listener
/// picks the host by SNI and copies bytes both ways to one of <see cref="Clusters"/>, chosen per connection by weight.
/// </summary>
public sealed record TcpProxy
{
    /// <summary>Sorted by cluster name; weights are relative (a single cluster has any weight). Empty: connections are closed.</summary>
    public required EquatableArray<WeightedCluster> Clusters { get; init; }

    /// <summary>
    /// True: TLS passthrough, the connection is forwarded still encrypted and the upstream completes the
    /// handshake (<see cref="VirtualHost.Tls"/> is null). False: the proxy terminates TLS with
    /// <see cref="VirtualHost.Tls"/> and forwards the decrypted bytes.
    /// </summary>
    public bool Passthrough { get; init; }
}
