using System.Buffers;
using System.Text.Json;
using Gimbal.Core.Kubernetes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Gimbal.Kubernetes.Manifests;

/// <summary>
/// Reads Kubernetes manifests: YAML (or JSON) with several documents, `List` kinds expanded. A bad
/// document or an unknown kind becomes a <see cref="ManifestProblem"/>; every other object is kept.
/// Namespaced objects without a namespace land in "default", as with kubectl.
/// </summary>
public static class ManifestReader
{
    /// <summary>The namespace given to namespaced objects that name none: "default", as with kubectl.</summary>
    public const string DefaultNamespace = "default";

    /// <summary>Reads every object in <paramref name="yaml"/>; never throws on bad input: problems are in the result next to the objects that could be read.</summary>
    /// <param name="yaml">YAML or JSON text, possibly with several documents separated by "---".</param>
    /// <param name="sourceName">Names the source in problems, e.g. the file path; null gives "&lt;input&gt;".</param>
    public static ManifestReadResult Read(string yaml, string? sourceName = null)
    {
        var source = sourceName ?? "<input>";
        var objects = new List<KubernetesObject>();
        var problems = new List<ManifestProblem>();
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException ex)
        {
            problems.Add(new ManifestProblem(source, 0, null, null, $"YAML error at line {ex.Start.Line}, column {ex.Start.Column}: {Innermost(ex).Message}"));
            return new ManifestReadResult(objects, problems);
        }

        for (var i = 0; i < stream.Documents.Count; i++)
        {
            var document = i + 1;
            var root = stream.Documents[i].RootNode;
            if (root is YamlScalarNode { Value: null or "" })
            {
                continue;
            }

            JsonDocument json;
            try
            {
                json = ToJson(root);
            }
            catch (YamlException ex)
            {
                problems.Add(new ManifestProblem(source, document, null, null, $"YAML error at line {ex.Start.Line}: {ex.Message}"));
                continue;
            }

            using (json)
            {
                ReadObject(json.RootElement, source, document, objects, problems);
            }
        }

        return new ManifestReadResult(objects, problems);
    }

    private static void ReadObject(JsonElement element, string source, int document, List<KubernetesObject> objects, List<ManifestProblem> problems)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            problems.Add(new ManifestProblem(source, document, null, null, "a manifest document must be a mapping with apiVersion and kind"));
            return;
        }

        var kind = element.TryGetProperty("kind", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString() : null;
        var apiVersion = element.TryGetProperty("apiVersion", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        var name = element.TryGetProperty("metadata", out var m) && m.ValueKind == JsonValueKind.Object
            && m.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
        if (string.IsNullOrEmpty(kind))
        {
            problems.Add(new ManifestProblem(source, document, null, name, "kind is missing"));
            return;
        }

        if (kind == "List" || (kind.EndsWith("List", StringComparison.Ordinal) && element.TryGetProperty("items", out _)))
        {
            if (element.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in items.EnumerateArray())
                {
                    ReadObject(item, source, document, objects, problems);
                }
            }

            return;
        }

        try
        {
            var (obj, problem) = ManifestKinds.Read(kind, apiVersion, element);
            if (problem is not null || obj is null)
            {
                problems.Add(new ManifestProblem(source, document, kind, name, problem ?? "empty object"));
                return;
            }

            if (string.IsNullOrEmpty(obj.Metadata.Name) && string.IsNullOrEmpty(obj.Metadata.GenerateName))
            {
                problems.Add(new ManifestProblem(source, document, kind, null, "metadata.name is missing"));
                return;
            }

            if (!ManifestKinds.IsClusterScoped(kind) && string.IsNullOrEmpty(obj.Metadata.Namespace))
            {
                obj = obj with { Metadata = obj.Metadata with { Namespace = DefaultNamespace } };
            }

            objects.Add(obj);
        }
        catch (JsonException ex)
        {
            var path = string.IsNullOrEmpty(ex.Path) ? string.Empty : $" at {ex.Path.TrimStart('$', '.')}";
            problems.Add(new ManifestProblem(source, document, kind, name, $"field of the wrong type{path}: {FirstLine(ex.Message)}"));
        }
    }

    private static JsonDocument ToJson(YamlNode root)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            YamlToJson.Write(writer, root);
        }

        return JsonDocument.Parse(buffer.WrittenMemory);
    }

    private static Exception Innermost(Exception ex) => ex.InnerException is { } inner ? Innermost(inner) : ex;

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}
