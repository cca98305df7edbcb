using System.Text.Json.Nodes;

namespace Gimbal.Deploy.Tests.Infrastructure;

/// <summary>A kustomization.yaml: what it applies, patches and generates from files.</summary>
internal sealed record Kustomization(string Folder, IReadOnlyList<string> Resources, IReadOnlyList<string> Patches, IReadOnlyList<string> GeneratorFiles, IReadOnlyList<string> GeneratedConfigMaps)
{
    public static IReadOnlyList<Kustomization> All { get; } = Repository.YamlFiles(Repository.Deploy)
        .Where(f => Path.GetFileName(f) == "kustomization.yaml")
        .Select(Load)
        .ToList();

    private static Kustomization Load(string file)
    {
        var doc = YamlDocuments.Load(file).Single()!.AsObject();
        var generators = (doc["configMapGenerator"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        return new Kustomization(
            Path.GetDirectoryName(file)!,
            Strings(doc["resources"]),
            (doc["patches"] as JsonArray ?? []).OfType<JsonObject>().Select(p => (string)p["path"]!).ToList(),
            generators.SelectMany(g => Strings(g["files"])).ToList(),
            generators.Select(g => (string)g["name"]!).ToList());
    }

    private static List<string> Strings(JsonNode? node) => (node as JsonArray ?? []).Select(n => (string)n!).ToList();
}
