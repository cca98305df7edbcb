using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using Gimbal.Yarp.Translation;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.LoadBalancing;
using Yarp.ReverseProxy.Model;

namespace Gimbal.Yarp.Tcp;

/// <summary>An open upstream connection; disposing it closes the socket and releases the destination's load count.</summary>
internal sealed class TcpUpstream(Socket socket, Stream stream, DestinationState destination) : IAsyncDisposable
{
    private int _disposed;

    public Stream Stream => stream;

    public string DestinationId => destination.DestinationId;

    /// <summary>Passes the client's end of stream on: TLS close_notify first when the gateway speaks TLS upstream.</summary>
    public async ValueTask HalfCloseAsync()
    {
        if (stream is SslStream ssl)
        {
            await ssl.ShutdownAsync();
        }

        socket.Shutdown(SocketShutdown.Send);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            DestinationLoad.Add(destination, -1);
            await stream.DisposeAsync();
            socket.Dispose();
        }
    }
}

/// <summary>
/// Opens upstream connections for TCP proxy hosts through YARP's own view of a cluster: the
/// destinations its health checks left available, chosen by the Gimbal load-balancing policy (the
/// weighted split first, then the member's strategy), and counted as in-flight load while open so
/// least-request balancing sees long-lived connections. A failed connect tries another destination.
/// </summary>
internal sealed partial class TcpUpstreamConnector(
    IProxyStateLookup state,
    IEnumerable<ILoadBalancingPolicy> policies,
    IOptionsMonitor<TcpProxyOptions> options,
    ILogger<TcpUpstreamConnector> logger)
{
    private const int MaxAttempts = 3;
    private readonly ILoadBalancingPolicy _policy = policies.First(p => p.Name == GimbalLoadBalancingPolicyName.Value);

    /// <summary>
    /// A connected upstream for <paramref name="clusterId"/>, or null when no destination accepted;
    /// with <paramref name="allowTls"/>, TLS is originated to destinations of TLS clusters.
    /// </summary>
    public async Task<TcpUpstream?> ConnectAsync(string clusterId, bool allowTls, CancellationToken cancellationToken)
    {
        if (!state.TryGetCluster(clusterId, out var cluster))
        {
            LogNoCluster(clusterId);
            return null;
        }

        var candidates = cluster.DestinationsState.AvailableDestinations;
        var context = new DefaultHttpContext();
        for (var attempt = 0; attempt < MaxAttempts && candidates.Count > 0; attempt++)
        {
            var destination = _policy.PickDestination(context, cluster, candidates);
            if (destination is null)
            {
                break;
            }

            var upstream = await TryConnectAsync(destination, allowTls, cancellationToken);
            if (upstream is not null)
            {
                return upstream;
            }

            candidates = candidates.Where(d => !ReferenceEquals(d, destination)).ToList();
        }

        LogNoDestination(clusterId);
        return null;
    }

    private async Task<TcpUpstream?> TryConnectAsync(DestinationState destination, bool allowTls, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(destination.Model.Config.Address, UriKind.Absolute, out var address))
        {
            return null;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.CurrentValue.ConnectTimeout);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            EndPoint endPoint = IPAddress.TryParse(address.DnsSafeHost, out var ip) ? new IPEndPoint(ip, address.Port) : new DnsEndPoint(address.DnsSafeHost, address.Port);
            await socket.ConnectAsync(endPoint, timeout.Token);
            Stream stream = new NetworkStream(socket, ownsSocket: false);
            // https destinations are clusters whose protocol is tls (or h2): the upstream expects TLS.
            if (allowTls && address.Scheme == Uri.UriSchemeHttps)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                // As for HTTP clusters (and Envoy without an upstream validation context): endpoints are
                // addressed by IP inside the cluster, so the upstream certificate is not verified.
                await ssl.AuthenticateAsClientAsync(
                    new SslClientAuthenticationOptions
                    {
                        TargetHost = IPAddress.TryParse(address.DnsSafeHost, out _) ? string.Empty : address.DnsSafeHost,
                        EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
#pragma warning disable CA5359 // Deliberate, see above.
                        RemoteCertificateValidationCallback = static (_, _, _, _) => true,
#pragma warning restore CA5359
                    },
                    timeout.Token);
                stream = ssl;
            }

            DestinationLoad.Add(destination, 1);
            return new TcpUpstream(socket, stream, destination);
        }
        catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException or AuthenticationException)
        {
            socket.Dispose();
            cancellationToken.ThrowIfCancellationRequested();
            LogConnectFailed(destination.DestinationId, ex.Message);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "TCP proxy cluster {Cluster} is not (yet) known to the proxy")]
    private partial void LogNoCluster(string cluster);

    [LoggerMessage(Level = LogLevel.Warning, Message = "TCP proxy cluster {Cluster} has no destination that accepts connections")]
    private partial void LogNoDestination(string cluster);

    [LoggerMessage(Level = LogLevel.Debug, Message = "TCP proxy connect to {Destination} failed: {Reason}")]
    private partial void LogConnectFailed(string destination, string reason);
}

/// <summary>
/// Open TCP proxy connections count as in-flight requests of their destination. YARP keeps that
/// count with an internal atomic counter whose only public door is a plain setter, so updates from
/// here are serialised on the destination; a cluster serving HTTP and TCP at once may see the count
/// drift briefly, which only skews least-request choices.
/// </summary>
internal static class DestinationLoad
{
    public static void Add(DestinationState destination, int delta)
    {
        lock (destination)
        {
            destination.ConcurrentRequestCount = Math.Max(0, destination.ConcurrentRequestCount + delta);
        }
    }
}
