using System.Threading.Channels;
using Gimbal.Xds.Grpc;

namespace Gimbal.Xds.Protocol;

/// <summary>
/// One queue per stream for what wakes it: client requests, and "the snapshot changed" signals
/// coalesced to at most one pending, so a burst of updates costs one pass over the latest snapshot.
/// </summary>
internal sealed class StreamEvents<TRequest>
    where TRequest : class
{
    private readonly Channel<TRequest?> _channel = Channel.CreateUnbounded<TRequest?>(new UnboundedChannelOptions { SingleReader = true });
    private int _changePending;

    public ChannelReader<TRequest?> Reader => _channel.Reader;

    /// <summary>Called from the cache on every snapshot change.</summary>
    public void SnapshotChanged()
    {
        if (Interlocked.Exchange(ref _changePending, 1) == 0)
        {
            _channel.Writer.TryWrite(null);
        }
    }

    /// <summary>Called by the stream before reading the snapshot it was woken for.</summary>
    public void ChangeSeen() => Interlocked.Exchange(ref _changePending, 0);

    /// <summary>Copies requests into the queue until the client half-closes or the call fails.</summary>
    public async Task PumpAsync(IAsyncStreamReader<TRequest> requests, CancellationToken cancellationToken)
    {
        try
        {
            while (await requests.MoveNext(cancellationToken))
            {
                _channel.Writer.TryWrite(requests.Current);
            }

            _channel.Writer.TryComplete();
        }
        catch (Exception e)
        {
            _channel.Writer.TryComplete(e);
        }
    }
}
