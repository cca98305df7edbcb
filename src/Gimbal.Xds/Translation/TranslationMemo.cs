namespace Gimbal.Xds.Translation;

/// <summary>
/// What the last full pass made from each named (record-equal) model piece. The control plane translates
/// the whole table again after every change, and nearly every piece is then equal to last time's: its
/// result is reused instead of built again, which saves the work and, above all, the new objects the GC
/// would have to trace and promote. Found by name, then compared (a reference check when the compiler
/// reused the piece), so no record is ever hashed. One generation only: each pass replaces it, so a piece
/// that left the table is not kept alive. Results must be pure functions of their piece; callers treat
/// them as read-only. Thread-safe: concurrent passes each read the last committed generation, and the
/// last to finish wins.
/// </summary>
internal sealed class TranslationMemo<TPiece, TValue>
{
    private Dictionary<string, (TPiece Piece, TValue Value)> _last = new(StringComparer.Ordinal);

    /// <summary>Each item's result, in input order, spread over the cores; an item whose piece equals last pass's piece of that name reuses its result.</summary>
    /// <param name="items">The items, with unique names.</param>
    /// <param name="nameOf">An item's name.</param>
    /// <param name="pieceOf">What an item's result is made from.</param>
    /// <param name="translate">Makes the result of an item from its piece.</param>
    public TValue[] MapAll<TItem>(IReadOnlyList<TItem> items, Func<TItem, string> nameOf, Func<TItem, TPiece> pieceOf, Func<TItem, TPiece, TValue> translate)
    {
        var last = Volatile.Read(ref _last);
        var pieces = new TPiece[items.Count];
        var results = new TValue[items.Count];
        Parallel.For(0, items.Count, i =>
        {
            var piece = pieces[i] = pieceOf(items[i]);
            results[i] = last.TryGetValue(nameOf(items[i]), out var previous) && EqualityComparer<TPiece>.Default.Equals(previous.Piece, piece)
                ? previous.Value
                : translate(items[i], piece);
        });

        var next = new Dictionary<string, (TPiece, TValue)>(results.Length, StringComparer.Ordinal);
        for (var i = 0; i < results.Length; i++)
        {
            next.TryAdd(nameOf(items[i]), (pieces[i], results[i]));
        }

        Volatile.Write(ref _last, next);
        return results;
    }
}
