using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;

namespace Gimbal.Yarp.FastLane.Transport;

/// <summary>
/// A connection the fast lane gave to Kestrel: the socket transport's connection, whose input first
/// replays the bytes the fast lane had already read (the request it did not serve, and anything
/// pipelined after it). Copying through a pipe costs a little, but only on connections that need
/// the full pipeline anyway.
/// </summary>
internal sealed class HandoffConnection : ConnectionContext
{
    private readonly ConnectionContext _inner;
    private readonly Pipe _replay = new();
    private readonly Task _pump;

    public HandoffConnection(ConnectionContext inner, byte[] received)
    {
        _inner = inner;
        _replay.Writer.Write(received);
        Transport = new Duplex(_replay.Reader, inner.Transport.Output);
        _pump = PumpAsync();
    }

    public override IDuplexPipe Transport { get; set; }

    public override string ConnectionId { get => _inner.ConnectionId; set => _inner.ConnectionId = value; }

    public override IFeatureCollection Features => _inner.Features;

    public override IDictionary<object, object?> Items { get => _inner.Items; set => _inner.Items = value; }

    public override CancellationToken ConnectionClosed { get => _inner.ConnectionClosed; set => _inner.ConnectionClosed = value; }

    public override EndPoint? LocalEndPoint { get => _inner.LocalEndPoint; set => _inner.LocalEndPoint = value; }

    public override EndPoint? RemoteEndPoint { get => _inner.RemoteEndPoint; set => _inner.RemoteEndPoint = value; }

    public override void Abort(ConnectionAbortedException abortReason) => _inner.Abort(abortReason);

    public override async ValueTask DisposeAsync()
    {
        await _replay.Reader.CompleteAsync();
        await _inner.DisposeAsync();
        await _pump;
        await base.DisposeAsync();
    }

    private async Task PumpAsync()
    {
        var input = _inner.Transport.Input;
        Exception? error = null;
        try
        {
            while (true)
            {
                var flushed = await _replay.Writer.FlushAsync();
                if (flushed.IsCompleted)
                {
                    break;
                }

                var result = await input.ReadAsync();
                foreach (var segment in result.Buffer)
                {
                    _replay.Writer.Write(segment.Span);
                }

                input.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted || result.IsCanceled)
                {
                    await _replay.Writer.FlushAsync();
                    break;
                }
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            error = e;
        }

        await _replay.Writer.CompleteAsync(error);
        await input.CompleteAsync();
    }

    private sealed class Duplex(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
