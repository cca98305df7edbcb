namespace Gimbal.Xds.Translation;

/// <summary>
/// What the last full pass made from each (record-equal) model piece. The control plane translates the
/// whole table again after every change, and nearly every piece is then equal to last time's: its result
/// is reused instead of built again, which saves the work and, above all, the new objects the GC would
/// have to trace and promote. One generation only: each pass replaces it, so a piece that left the table
/// is not kept alive. Results must be pure functions of their key; callers treat them as read-only.
/// Thread-safe: concurrent passes each read the last committed generation, and the last to finish wins.
/// </summary>
internal sealed class TranslationMemo<TKey, TValue>
    where TKey : notnull
{
    private Dictionary<Keyed, TValue> _last = [];

    /// <summary>Results of the last pass (for tests and metrics).</summary>
    public int Count => Volatile.Read(ref _last).Count;

    /// <summary>Each item's result, in input order, spread over the cores; an item whose key equals one of the last pass's reuses its result.</summary>
    public TValue[] MapAll<TItem>(IReadOnlyList<TItem> items, Func<TItem, TKey> keyOf, Func<TItem, TValue> translate)
    {
        var last = Volatile.Read(ref _last);
        var keys = new Keyed[items.Count];
        var results = new TValue[items.Count];
        Parallel.For(0, items.Count, i =>
        {
            var key = keys[i] = new Keyed(keyOf(items[i]));
            results[i] = last.TryGetValue(key, out var reused) ? reused : translate(items[i]);
        });

        var next = new Dictionary<Keyed, TValue>(results.Length);
        for (var i = 0; i < results.Length; i++)
        {
            next.TryAdd(keys[i], results[i]);
        }

        Volatile.Write(ref _last, next);
        return results;
    }

    // Record hashes walk every member (endpoint lists included): computed once per pass, not per lookup and insert.
    private readonly struct Keyed(TKey key) : IEquatable<Keyed>
    {
        private readonly int _hash = EqualityComparer<TKey>.Default.GetHashCode(key);

        public TKey Key { get; } = key;

        public bool Equals(Keyed other) => _hash == other._hash && EqualityComparer<TKey>.Default.Equals(Key, other.Key);

        public override bool Equals(object? obj) => obj is Keyed other && Equals(other);

        public override int GetHashCode() => _hash;
    }
}
