using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gimbal.Yarp.Tcp;

/// <summary>Connects a client connection to an upstream of its target's cluster and relays until both are done.</summary>
internal sealed partial class TcpProxyForwarder(
    TcpUpstreamConnector connector, TcpProxyMetrics metrics, IOptionsMonitor<TcpProxyOptions> options, ILogger<TcpProxyForwarder> logger)
{
    public async Task ForwardAsync(ConnectionContext connection, TcpProxyTarget target)
    {
        var mode = target.Mode == TcpProxyMode.Passthrough ? "passthrough" : "terminated";
        var result = new RelayResult(0, 0, "no_upstream");
        metrics.Opened(mode);
        try
        {
            // Passthrough bytes are the client's own TLS; only a terminated stream may be re-encrypted.
            await using var upstream = target.ClusterId is null
                ? null
                : await connector.ConnectAsync(target.ClusterId, allowTls: target.Mode == TcpProxyMode.Terminated, connection.ConnectionClosed);
            if (upstream is null)
            {
                // Closing the client connection is all a TCP proxy can answer (Envoy does the same).
                connection.Abort();
                return;
            }

            LogConnected(connection.ConnectionId, target.Host, mode, upstream.DestinationId);
            result = await DuplexRelay.RunAsync(connection.Transport, upstream.Stream, upstream.HalfCloseAsync, options.CurrentValue.IdleTimeout, connection.ConnectionClosed);
        }
        catch (OperationCanceledException)
        {
            result = result with { Outcome = "aborted" };
        }
        finally
        {
            metrics.Closed(mode, target.ClusterId ?? string.Empty, result.Outcome, result.UpstreamBytes, result.DownstreamBytes);
            LogClosed(connection.ConnectionId, result.Outcome, result.UpstreamBytes, result.DownstreamBytes);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Connection {ConnectionId} for {Host} proxied ({Mode}) to {Destination}")]
    private partial void LogConnected(string connectionId, string host, string mode, string destination);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Connection {ConnectionId} ended ({Outcome}): {Upstream} bytes up, {Downstream} bytes down")]
    private partial void LogClosed(string connectionId, string outcome, long upstream, long downstream);
}
