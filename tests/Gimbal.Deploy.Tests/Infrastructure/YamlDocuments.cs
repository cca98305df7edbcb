using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Gimbal.Deploy.Tests.Infrastructure;

/// <summary>
/// YAML documents as JSON nodes, scalars typed by the YAML 1.2 core schema as the API server reads them
/// (plain true/false/null/numbers; anything quoted stays a string).
/// </summary>
internal static class YamlDocuments
{
    public static IReadOnlyList<JsonNode?> Load(string path) => Parse(File.ReadAllText(path));

    public static IReadOnlyList<JsonNode?> Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents
            .Select(d => d.RootNode)
            .Where(n => n is not YamlScalarNode { Value: null or "" })
            .Select(ToJson)
            .ToList();
    }

    /// <summary>Every object of a file or folder with the file it came from; "List" kinds are not expanded.</summary>
    public static IEnumerable<(string File, JsonObject Object)> Objects(string folder) =>
        Repository.YamlFiles(folder)
            .Where(f => !Path.GetFileName(f).StartsWith("kustomization", StringComparison.Ordinal))
            .SelectMany(f => Load(f).OfType<JsonObject>().Select(o => (f, o)));

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode mapping => new JsonObject(mapping.Children.Select(c =>
            KeyValuePair.Create(((YamlScalarNode)c.Key).Value ?? string.Empty, ToJson(c.Value)))),
        YamlSequenceNode sequence => new JsonArray(sequence.Children.Select(ToJson).ToArray()),
        YamlScalarNode scalar => Scalar(scalar),
        _ => throw new YamlException(node.Start, node.End, "unsupported node"),
    };

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? string.Empty;
        if (scalar.Style != ScalarStyle.Plain)
        {
            return JsonValue.Create(text);
        }

        return text switch
        {
            "" or "~" or "null" or "Null" or "NULL" => null,
            "true" or "True" or "TRUE" => JsonValue.Create(true),
            "false" or "False" or "FALSE" => JsonValue.Create(false),
            _ when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i) => JsonValue.Create(i),
            _ when text.Length > 0 && (char.IsAsciiDigit(text[0]) || text[0] is '-' or '+' or '.')
                && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) => JsonValue.Create(d),
            _ => JsonValue.Create(text),
        };
    }
}
