using System.Collections;
using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Gimbal.Core.Collections;

/// <summary>
/// An immutable array with value equality, so records that hold lists compare by content.
/// The route model relies on this: two compiles of the same objects must compare equal, and data
/// planes diff old and new tables cheaply.
/// </summary>
[JsonConverter(typeof(EquatableArrayJsonConverterFactory))]
public readonly struct EquatableArray<T> : IEquatable<EquatableArray<T>>, IReadOnlyList<T>
{
    private readonly ImmutableArray<T> _items;

    /// <summary>Wraps <paramref name="items"/> without copying; a default (uninitialised) array counts as empty.</summary>
    /// <param name="items">The items.</param>
    public EquatableArray(ImmutableArray<T> items) => _items = items;

    /// <summary>Copies <paramref name="items"/>.</summary>
    /// <param name="items">The items, in order.</param>
    public EquatableArray(IEnumerable<T> items) => _items = items.ToImmutableArray();

    /// <summary>An array with no items; equal to <c>default</c>.</summary>
    public static EquatableArray<T> Empty => new(ImmutableArray<T>.Empty);

    /// <summary>The items as an <see cref="ImmutableArray{T}"/>; never a default array.</summary>
    public ImmutableArray<T> AsImmutableArray() => _items.IsDefault ? ImmutableArray<T>.Empty : _items;

    /// <summary>How many items there are; 0 for <c>default</c>.</summary>
    public int Count => _items.IsDefault ? 0 : _items.Length;

    /// <summary>True when there are no items.</summary>
    public bool IsEmpty => Count == 0;

    /// <summary>The item at <paramref name="index"/>; throws <see cref="IndexOutOfRangeException"/> outside 0..Count-1.</summary>
    /// <param name="index">The zero-based position.</param>
    public T this[int index] => AsImmutableArray()[index];

    /// <summary>True when both hold equal items (by <see cref="EqualityComparer{T}.Default"/>) in the same order.</summary>
    /// <param name="other">The array to compare with.</param>
    public bool Equals(EquatableArray<T> other)
    {
        var a = AsImmutableArray();
        var b = other.AsImmutableArray();
        if (a.Length != b.Length)
        {
            return false;
        }

        var comparer = EqualityComparer<T>.Default;
        for (var i = 0; i < a.Length; i++)
        {
            if (!comparer.Equals(a[i], b[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True when <paramref name="obj"/> is an <see cref="EquatableArray{T}"/> with equal items in the same order.</summary>
    /// <param name="obj">The object to compare with.</param>
    public override bool Equals(object? obj) => obj is EquatableArray<T> other && Equals(other);

    /// <summary>A hash over every item, consistent with <see cref="Equals(EquatableArray{T})"/>.</summary>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var item in AsImmutableArray())
        {
            hash.Add(item);
        }

        return hash.ToHashCode();
    }

    /// <summary>An allocation-free enumerator over the items.</summary>
    public ImmutableArray<T>.Enumerator GetEnumerator() => AsImmutableArray().GetEnumerator();

    IEnumerator<T> IEnumerable<T>.GetEnumerator() => ((IEnumerable<T>)AsImmutableArray()).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => ((IEnumerable)AsImmutableArray()).GetEnumerator();

    /// <summary>Content equality; see <see cref="Equals(EquatableArray{T})"/>.</summary>
    /// <param name="left">One array.</param>
    /// <param name="right">The other array.</param>
    public static bool operator ==(EquatableArray<T> left, EquatableArray<T> right) => left.Equals(right);

    /// <summary>Content inequality; see <see cref="Equals(EquatableArray{T})"/>.</summary>
    /// <param name="left">One array.</param>
    /// <param name="right">The other array.</param>
    public static bool operator !=(EquatableArray<T> left, EquatableArray<T> right) => !left.Equals(right);

    /// <summary>Wraps an immutable array without copying.</summary>
    /// <param name="items">The items.</param>
    public static implicit operator EquatableArray<T>(ImmutableArray<T> items) => new(items);

    /// <summary>Copies an array.</summary>
    /// <param name="items">The items.</param>
    public static implicit operator EquatableArray<T>(T[] items) => new(ImmutableArray.Create(items));
}

/// <summary>Creates <see cref="EquatableArray{T}"/> instances.</summary>
public static class EquatableArray
{
    /// <summary>An array of <paramref name="items"/>, copied.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="items">The items, in order.</param>
    public static EquatableArray<T> Create<T>(params T[] items) => new(ImmutableArray.Create(items));

    /// <summary>An array of <paramref name="items"/>, copied in enumeration order.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="items">The items.</param>
    public static EquatableArray<T> ToEquatableArray<T>(this IEnumerable<T> items) => new(items);
}

/// <summary>Serializes <see cref="EquatableArray{T}"/> as a plain JSON array.</summary>
public sealed class EquatableArrayJsonConverterFactory : JsonConverterFactory
{
    /// <summary>True for every <see cref="EquatableArray{T}"/> type.</summary>
    /// <param name="typeToConvert">The type to (de)serialize.</param>
    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(EquatableArray<>);

    /// <summary>An <see cref="EquatableArrayJsonConverter{T}"/> for the array's item type.</summary>
    /// <param name="typeToConvert">An <see cref="EquatableArray{T}"/> type.</param>
    /// <param name="options">Not used.</param>
    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options)
    {
        var converterType = typeof(EquatableArrayJsonConverter<>).MakeGenericType(typeToConvert.GetGenericArguments()[0]);
        return (JsonConverter)Activator.CreateInstance(converterType)!;
    }
}

/// <summary>Serializes one <see cref="EquatableArray{T}"/> type as a JSON array.</summary>
public sealed class EquatableArrayJsonConverter<T> : JsonConverter<EquatableArray<T>>
{
    /// <summary>Reads a JSON array (null reads as empty); items are read with <paramref name="options"/>' metadata.</summary>
    /// <param name="reader">The reader at the array.</param>
    /// <param name="typeToConvert">Not used.</param>
    /// <param name="options">Supply the item type's metadata (e.g. a source-generated context).</param>
    public override EquatableArray<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var items = (T[]?)JsonSerializer.Deserialize(ref reader, options.GetTypeInfo(typeof(T[])));
        return items is null ? EquatableArray<T>.Empty : new EquatableArray<T>(ImmutableArray.Create(items));
    }

    /// <summary>Writes the items as a JSON array.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="value">The array.</param>
    /// <param name="options">Supply the item type's metadata.</param>
    public override void Write(Utf8JsonWriter writer, EquatableArray<T> value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        var info = options.GetTypeInfo(typeof(T));
        foreach (var item in value)
        {
            JsonSerializer.Serialize(writer, item, info);
        }

        writer.WriteEndArray();
    }
}
