using System.Threading.Channels;

namespace Gimbal.Discovery.Queueing;

/// <summary>
/// A deduplicating work queue keyed by string (namespace/name), on a channel. A key added while it waits is not
/// queued twice; a key added while a worker holds it is queued again when the worker is done, so no change is
/// lost and no key is ever worked on by two workers at once (the client-go workqueue contract).
/// </summary>
public sealed class WorkQueue
{
    private readonly Channel<string> _channel = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleWriter = false, SingleReader = false });
    private readonly HashSet<string> _dirty = new(StringComparer.Ordinal);
    private readonly HashSet<string> _processing = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private int _waitingRetries;

    /// <summary>An empty queue.</summary>
    /// <param name="time">The clock of <see cref="AddAfter"/>; null uses the system clock.</param>
    public WorkQueue(TimeProvider? time = null) => _time = time ?? TimeProvider.System;

    /// <summary>Keys waiting to be worked on (retries waiting out their backoff included).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _dirty.Count + Volatile.Read(ref _waitingRetries);
            }
        }
    }

    /// <summary>Keys waiting, being worked on, or waiting to be retried: zero means every change has been handled.</summary>
    public bool IsIdle
    {
        get
        {
            lock (_gate)
            {
                return _dirty.Count == 0 && _processing.Count == 0 && Volatile.Read(ref _waitingRetries) == 0;
            }
        }
    }

    /// <summary>Queues <paramref name="key"/> unless it is already waiting; a key being worked on is queued again after <see cref="Done"/>. Thread-safe.</summary>
    /// <param name="key">The work item's key, e.g. "namespace/name".</param>
    public void Add(string key)
    {
        lock (_gate)
        {
            if (!_dirty.Add(key) || _processing.Contains(key))
            {
                return;
            }
        }

        _channel.Writer.TryWrite(key);
    }

    /// <summary>Adds <paramref name="key"/> once <paramref name="delay"/> has passed.</summary>
    public void AddAfter(string key, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            Add(key);
            return;
        }

        Interlocked.Increment(ref _waitingRetries);
        ITimer? timer = null;
        timer = _time.CreateTimer(
            _ =>
            {
                // Queue the key before the retry stops counting as pending, so IsIdle never reads true in between.
                Add(key);
                Interlocked.Decrement(ref _waitingRetries);
                timer?.Dispose();
            },
            null,
            delay,
            Timeout.InfiniteTimeSpan);
    }

    /// <summary>Waits for the next key; the caller must call <see cref="Done"/> with it.</summary>
    public async ValueTask<string> TakeAsync(CancellationToken cancellationToken)
    {
        var key = await _channel.Reader.ReadAsync(cancellationToken);
        lock (_gate)
        {
            _dirty.Remove(key);
            _processing.Add(key);
        }

        return key;
    }

    /// <summary>Releases <paramref name="key"/> after a worker handled it, queueing it again when it was added meanwhile.</summary>
    /// <param name="key">The key <see cref="TakeAsync"/> returned.</param>
    public void Done(string key)
    {
        bool again;
        lock (_gate)
        {
            _processing.Remove(key);
            again = _dirty.Contains(key);
        }

        if (again)
        {
            _channel.Writer.TryWrite(key);
        }
    }
}
