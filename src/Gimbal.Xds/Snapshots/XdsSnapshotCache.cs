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

    public XdsSnapshot Get(SnapshotKey key) => _entries.TryGetValue(key, out var entry) ? entry.Snapshot : XdsSnapshot.Empty;

    public bool TryGet(SnapshotKey key, out XdsSnapshot snapshot)
    {
        var found = _entries.TryGetValue(key, out var entry) && entry.HasSnapshot;
        snapshot = found ? entry!.Snapshot : XdsSnapshot.Empty;
        return found;
    }

    public IEnumerable<SnapshotKey> Keys => _entries.Keys;

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
