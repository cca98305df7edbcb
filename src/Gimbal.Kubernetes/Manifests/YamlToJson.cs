using System.Globalization;
using System.Text.Json;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Gimbal.Kubernetes.Manifests;

/// <summary>
/// Writes a YAML node as JSON with the YAML 1.2 core schema, as Kubernetes reads manifests: plain
/// scalars that spell null, a boolean or a number become those; anything quoted stays a string.
/// </summary>
internal static class YamlToJson
{
    private const int MaxDepth = 64;

    public static void Write(Utf8JsonWriter writer, YamlNode node, int depth = 0)
    {
        if (depth > MaxDepth)
        {
            throw new YamlException(node.Start, node.End, $"nesting deeper than {MaxDepth} levels");
        }

        switch (node)
        {
            case YamlMappingNode mapping:
                writer.WriteStartObject();
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var (key, value) in mapping.Children)
                {
                    var name = key is YamlScalarNode s ? s.Value ?? string.Empty : throw new YamlException(key.Start, key.End, "mapping keys must be plain values");
                    if (!seen.Add(name))
                    {
                        throw new YamlException(key.Start, key.End, $"duplicate key '{name}'");
                    }

                    writer.WritePropertyName(name);
                    Write(writer, value, depth + 1);
                }

                writer.WriteEndObject();
                break;
            case YamlSequenceNode sequence:
                writer.WriteStartArray();
                foreach (var item in sequence.Children)
                {
                    Write(writer, item, depth + 1);
                }

                writer.WriteEndArray();
                break;
            case YamlScalarNode scalar:
                WriteScalar(writer, scalar);
                break;
            default:
                throw new YamlException(node.Start, node.End, $"unsupported YAML node {node.NodeType}");
        }
    }

    private static void WriteScalar(Utf8JsonWriter writer, YamlScalarNode scalar)
    {
        var text = scalar.Value ?? string.Empty;
        if (scalar.Style is ScalarStyle.Plain && scalar.Tag.IsEmpty)
        {
            switch (text)
            {
                case "" or "~" or "null" or "Null" or "NULL":
                    writer.WriteNullValue();
                    return;
                case "true" or "True" or "TRUE":
                    writer.WriteBooleanValue(true);
                    return;
                case "false" or "False" or "FALSE":
                    writer.WriteBooleanValue(false);
                    return;
            }

            if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
            {
                writer.WriteNumberValue(integer);
                return;
            }

            if (text.Length > 0 && (char.IsAsciiDigit(text[0]) || text[0] is '-' or '+' or '.')
                && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real)
                && double.IsFinite(real))
            {
                writer.WriteNumberValue(real);
                return;
            }
        }

        writer.WriteStringValue(text);
    }
}
