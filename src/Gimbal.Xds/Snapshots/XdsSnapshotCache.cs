using System.Collections.Concurrent;
using System.Collections.Immutable;

namespace Gimbal.Xds.Snapshots;

/// <summary>
/// The current snapshot per <see cref="SnapshotKey"/>, and who to tell when it changes. Streams read
/// the latest snapshot when woken, so a burst of updates costs each stream one pass.
/// </summary>
public sealed class XdsSnapshotCache
{
    private readonly ConcurrentDictionary<SnapshotKey, Entry> _entries = new();

    /// <summary>The current snapshot of <paramref name="key"/>; <see cref="XdsSnapshot.Empty"/> when none was set. Thread-safe.</summary>
    /// <param name="key">The node group and flavor.</param>
    public XdsSnapshot Get(SnapshotKey key) => _entries.TryGetValue(key, out var entry) ? entry.Snapshot : XdsSnapshot.Empty;

    /// <summary>Whether a snapshot was ever set for <paramref name="key"/> (so streams can wait instead of sending an empty configuration).</summary>
    /// <param name="key">The node group and flavor.</param>
    /// <param name="snapshot">The snapshot, or <see cref="XdsSnapshot.Empty"/> when none was set.</param>
    public bool TryGet(SnapshotKey key, out XdsSnapshot snapshot)
    {
        var found = _entries.TryGetValue(key, out var entry) && entry.HasSnapshot;
        snapshot = found ? entry!.Snapshot : XdsSnapshot.Empty;
        return found;
    }

    /// <summary>The keys that have a snapshot or a watcher.</summary>
    public IEnumerable<SnapshotKey> Keys => _entries.Keys;

    /// <summary>Replaces the snapshot of <paramref name="key"/> and wakes every stream watching it. Thread-safe.</summary>
    /// <param name="key">The node group and flavor.</param>
    /// <param name="snapshot">The new snapshot.</param>
    public void Set(SnapshotKey key, XdsSnapshot snapshot)
    {
        var entry = _entries.GetOrAdd(key, _ => new Entry());
        ImmutableArray<Action> watchers;
        lock (entry)
        {
            entry.Snapshot = snapshot;
            entry.HasSnapshot = true;
            watchers = entry.Watchers;
        }

        foreach (var watcher in watchers)
        {
            watcher();
        }
    }

    /// <summary>Calls <paramref name="changed"/> after every <see cref="Set"/> for the key until disposed.</summary>
    public IDisposable Watch(SnapshotKey key, Action changed)
    {
        var entry = _entries.GetOrAdd(key, _ => new Entry());
        lock (entry)
        {
            entry.Watchers = entry.Watchers.Add(changed);
        }

        return new Subscription(entry, changed);
    }

    /// <summary>Streams currently watching a key.</summary>
    public int WatcherCount(SnapshotKey key) => _entries.TryGetValue(key, out var entry) ? entry.Watchers.Length : 0;

    private sealed class Entry
    {
        public XdsSnapshot Snapshot { get; set; } = XdsSnapshot.Empty;

        public bool HasSnapshot { get; set; }

        public ImmutableArray<Action> Watchers { get; set; } = [];
    }

    private sealed class Subscription(Entry entry, Action changed) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                lock (entry)
                {
                    entry.Watchers = entry.Watchers.Remove(changed);
                }
            }
        }
    }
}
