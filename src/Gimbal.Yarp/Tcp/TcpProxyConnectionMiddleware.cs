using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gimbal.Yarp.Tcp;

/// <summary>
/// The HTTPS listener's two connection hooks for TCP proxy hosts. Before TLS termination it peeks
/// at the ClientHello (consuming nothing, so the bytes replay to the TLS handshake when the host is
/// not passthrough) and relays passthrough hosts' raw bytes; after termination it relays the
/// decrypted stream of tcpproxy hosts instead of serving HTTP.
/// </summary>
internal sealed partial class TcpProxyConnectionMiddleware(
    TcpProxyRoutes routes, TcpProxyForwarder forwarder, IOptionsMonitor<TcpProxyOptions> options, ILogger<TcpProxyConnectionMiddleware> logger)
{
    private readonly TcpProxyRoutes _routes = routes;
    private readonly ILogger<TcpProxyConnectionMiddleware> _logger = logger;

    /// <summary>Runs before TLS termination: relays passthrough hosts, hands every other connection on unchanged.</summary>
    public async Task BeforeTlsAsync(ConnectionContext connection, ConnectionDelegate next)
    {
        // No passthrough host: no peeking, no extra buffering.
        if (_routes.IsEmpty)
        {
            await next(connection);
            return;
        }

        var hello = await PeekAsync(connection);
        if (hello is null)
        {
            LogNoClientHello(connection.ConnectionId);
            connection.Abort();
            return;
        }

        if (hello.Value.Status == ClientHelloStatus.Complete && _routes.Find(hello.Value.ServerName) is { Mode: TcpProxyMode.Passthrough } target)
        {
            await forwarder.ForwardAsync(connection, target);
            return;
        }

        await next(connection);
    }

    /// <summary>Runs after TLS termination: relays tcpproxy hosts' decrypted stream, hands HTTP hosts on.</summary>
    public async Task AfterTlsAsync(ConnectionContext connection, ConnectionDelegate next)
    {
        var serverName = connection.Features.Get<ITlsHandshakeFeature>()?.HostName;
        if (!_routes.IsEmpty && _routes.Find(serverName) is { Mode: TcpProxyMode.Terminated } target)
        {
            await forwarder.ForwardAsync(connection, target);
            return;
        }

        await next(connection);
    }

    /// <summary>True when the handshake for this name must offer no ALPN: the upstream, not the gateway, speaks the protocol.</summary>
    public bool IsTerminatedTcpProxy(string? serverName) => _routes.Find(serverName) is { Mode: TcpProxyMode.Terminated };

    /// <summary>The ClientHello's outcome with nothing consumed; null when the client sent none in time.</summary>
    private async Task<ClientHelloResult?> PeekAsync(ConnectionContext connection)
    {
        var input = connection.Transport.Input;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(connection.ConnectionClosed);
        timeout.CancelAfter(options.CurrentValue.ClientHelloTimeout);
        while (true)
        {
            ReadResult result;
            try
            {
                result = await input.ReadAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                return null;
            }

            var hello = ClientHello.TryRead(result.Buffer);
            if (hello.Status != ClientHelloStatus.Incomplete || result.IsCompleted || result.IsCanceled)
            {
                // Examined nothing: the next reader (the TLS handshake) gets every byte again at once.
                input.AdvanceTo(result.Buffer.Start);
                return hello;
            }

            input.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Connection {ConnectionId} sent no ClientHello in time and was closed")]
    private partial void LogNoClientHello(string connectionId);
}
