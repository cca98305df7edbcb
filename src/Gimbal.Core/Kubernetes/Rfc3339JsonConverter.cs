using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Gimbal.Core.Kubernetes;

/// <summary>Timestamps as the API server writes them: RFC 3339 in UTC, whole seconds, "Z".</summary>
public sealed class Rfc3339JsonConverter : JsonConverter<DateTimeOffset?>
{
    /// <summary>True: JSON null is read as a null timestamp rather than skipped.</summary>
    public override bool HandleNull => true;

    /// <summary>Reads an RFC 3339 timestamp as UTC; null or empty gives null. Throws <see cref="JsonException"/> for other text.</summary>
    /// <param name="reader">The reader at the value.</param>
    /// <param name="typeToConvert">Not used.</param>
    /// <param name="options">Not used.</param>
    public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        var text = reader.GetString();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value))
        {
            return value;
        }

        throw new JsonException($"'{text}' is not an RFC 3339 timestamp");
    }

    /// <summary>Writes "yyyy-MM-ddTHH:mm:ssZ" in UTC, or JSON null.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="value">The timestamp.</param>
    /// <param name="options">Not used.</param>
    public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options)
    {
        if (value is { } v)
        {
            writer.WriteStringValue(v.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
