using System.Net;
using System.Net.Sockets;

namespace Gimbal.Yarp.FastLane.Routing;

/// <summary>A destination's address as the kernel takes it (a sockaddr), made once per destination config.</summary>
internal sealed class UpstreamAddress
{
    private UpstreamAddress(IPEndPoint endPoint)
    {
        EndPoint = endPoint;
        var serialized = endPoint.Serialize();
        SocketAddress = GC.AllocateArray<byte>(serialized.Size, pinned: true);
        for (var i = 0; i < serialized.Size; i++)
        {
            SocketAddress[i] = serialized[i];
        }
    }

    /// <summary>The pool key.</summary>
    public IPEndPoint EndPoint { get; }

    /// <summary>Pinned, so the event loop can hand it to connect() without fixing it.</summary>
    public byte[] SocketAddress { get; }

    public bool IsIPv6 => EndPoint.AddressFamily == AddressFamily.InterNetworkV6;

    /// <summary>The address of an "http://ip:port/" destination; null for anything else (a DNS name, https).</summary>
    public static UpstreamAddress? Parse(string destination)
    {
        if (!Uri.TryCreate(destination, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp || uri.HostNameType is not (UriHostNameType.IPv4 or UriHostNameType.IPv6))
        {
            return null;
        }

        return IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) ? new UpstreamAddress(new IPEndPoint(address, uri.Port)) : null;
    }
}
