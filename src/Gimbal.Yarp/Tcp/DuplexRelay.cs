using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;

namespace Gimbal.Yarp.Tcp;

/// <summary>What a finished relay moved and why it ended.</summary>
/// <param name="UpstreamBytes">Bytes from the client to the upstream.</param>
/// <param name="DownstreamBytes">Bytes from the upstream to the client.</param>
/// <param name="Outcome">"closed" (both sides finished, or the client went away), "idle_timeout", or "reset" (an I/O error).</param>
internal readonly record struct RelayResult(long UpstreamBytes, long DownstreamBytes, string Outcome);

/// <summary>
/// Copies bytes both ways between a Kestrel connection and an upstream stream until both sides are
/// done. The client's end of stream is passed on as a half-close (the upstream may still answer);
/// the upstream's end of stream completes the client side, which Kestrel turns into closing the
/// connection (its transport cannot half-close). Any I/O error, or no bytes either way for the idle
/// timeout, ends both directions.
/// </summary>
internal static class DuplexRelay
{
    private const int ChunkSize = 16 * 1024;

    public static async Task<RelayResult> RunAsync(
        IDuplexPipe client, Stream upstream, Func<ValueTask> halfCloseUpstream, TimeSpan idleTimeout, CancellationToken aborted)
    {
        // Not linked to `aborted`: Kestrel fires it on the client's FIN too, and a half-closed client still waits for
        // the upstream's answer (this raced the answer before). A client reset or a server abort fails the client
        // pipe's read instead, which ends the client direction with an error and, below, the other one.
        using var idle = new CancellationTokenSource(idleTimeout);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(idle.Token);
        var up = new Counter();
        var down = new Counter();
        var toUpstream = CopyToUpstreamAsync(client.Input, upstream, halfCloseUpstream, up, idle, idleTimeout, stop);
        var toClient = CopyToClientAsync(upstream, client.Output, down, idle, idleTimeout, stop);

        // The upstream finishing ends the connection (see above): once it has, stop reading the client.
        var first = await Task.WhenAny(toUpstream, toClient);
        if (first == toClient || !await toUpstream)
        {
            await stop.CancelAsync();
        }

        var clientOk = await toUpstream;
        var upstreamOk = await toClient;
        // Kestrel signals a client's close (FIN or reset) through the aborted token: for a TCP proxy
        // that is how connections normally end, so only upstream trouble counts as a reset.
        var outcome = idle.IsCancellationRequested ? "idle_timeout"
            : aborted.IsCancellationRequested || (clientOk && upstreamOk) ? "closed"
            : "reset";
        return new RelayResult(up.Value, down.Value, outcome);
    }

    private static async Task<bool> CopyToUpstreamAsync(
        PipeReader input, Stream upstream, Func<ValueTask> halfClose, Counter counter, CancellationTokenSource idle, TimeSpan idleTimeout, CancellationTokenSource stop)
    {
        try
        {
            while (true)
            {
                var result = await input.ReadAsync(stop.Token);
                var buffer = result.Buffer;
                foreach (var segment in buffer)
                {
                    await upstream.WriteAsync(segment, stop.Token);
                }

                if (!buffer.IsEmpty)
                {
                    await upstream.FlushAsync(stop.Token);
                    counter.Value += buffer.Length;
                    idle.CancelAfter(idleTimeout);
                }

                input.AdvanceTo(buffer.End);
                if (result.IsCompleted || result.IsCanceled)
                {
                    await halfClose();
                    return true;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            return stop.IsCancellationRequested && !idle.IsCancellationRequested;
        }
    }

    private static async Task<bool> CopyToClientAsync(
        Stream upstream, PipeWriter output, Counter counter, CancellationTokenSource idle, TimeSpan idleTimeout, CancellationTokenSource stop)
    {
        try
        {
            while (true)
            {
                var memory = output.GetMemory(ChunkSize);
                var read = await upstream.ReadAsync(memory, stop.Token);
                if (read == 0)
                {
                    await output.CompleteAsync();
                    return true;
                }

                output.Advance(read);
                counter.Value += read;
                idle.CancelAfter(idleTimeout);
                var flush = await output.FlushAsync(stop.Token);
                if (flush.IsCompleted || flush.IsCanceled)
                {
                    return false;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>Written by one direction's loop only; read after it finished.</summary>
    private sealed class Counter
    {
        public long Value;
    }
}
