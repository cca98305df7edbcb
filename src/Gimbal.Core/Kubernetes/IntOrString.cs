using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Gimbal.Core.Kubernetes;

/// <summary>Kubernetes' int-or-string (targetPort, backend port names).</summary>
[JsonConverter(typeof(IntOrStringJsonConverter))]
public readonly record struct IntOrString
{
    private IntOrString(int? number, string? text)
    {
        Number = number;
        Text = text;
    }

    /// <summary>The number, e.g. a port; null when this holds a string.</summary>
    public int? Number { get; }

    /// <summary>The string, e.g. a port name; null when this holds a number.</summary>
    public string? Text { get; }

    /// <summary>True when this holds a number.</summary>
    public bool IsNumber => Number.HasValue;

    /// <summary>A value holding the number <paramref name="value"/>.</summary>
    /// <param name="value">The number, e.g. a port.</param>
    public static IntOrString FromInt(int value) => new(value, null);

    /// <summary>A value holding the string <paramref name="value"/>.</summary>
    /// <param name="value">The string, e.g. a port name.</param>
    public static IntOrString FromString(string value) => new(null, value);

    /// <summary>Converts a number.</summary>
    /// <param name="value">The number.</param>
    public static implicit operator IntOrString(int value) => FromInt(value);

    /// <summary>Converts a string.</summary>
    /// <param name="value">The string.</param>
    public static implicit operator IntOrString(string value) => FromString(value);

    /// <summary>The number in invariant culture, or the string; empty for the default value.</summary>
    public override string ToString() => Number?.ToString(CultureInfo.InvariantCulture) ?? Text ?? string.Empty;
}

/// <summary>Reads a JSON number or string; writes what it holds.</summary>
public sealed class IntOrStringJsonConverter : JsonConverter<IntOrString>
{
    /// <inheritdoc/>
    public override IntOrString Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.Number => IntOrString.FromInt(reader.GetInt32()),
            JsonTokenType.String => IntOrString.FromString(reader.GetString()!),
            _ => throw new JsonException($"expected a number or a string, found {reader.TokenType}"),
        };

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, IntOrString value, JsonSerializerOptions options)
    {
        if (value.Number is { } n)
        {
            writer.WriteNumberValue(n);
        }
        else
        {
            writer.WriteStringValue(value.Text);
        }
    }
}
