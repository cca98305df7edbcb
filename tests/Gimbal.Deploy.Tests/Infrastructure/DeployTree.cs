using System.Text.Json.Nodes;

namespace Gimbal.Deploy.Tests.Infrastructure;

/// <summary>
/// The Kubernetes objects under deploy/: whole objects, and the partial ones overlays patch with. Files
/// that are not Kubernetes objects (kustomizations, alert rules, Grafana provisioning) are left out.
/// </summary>
internal static class DeployTree
{
    private static readonly string[] NotObjects = ["monitoring/rules/", "monitoring/grafana/", "monitoring/prometheus.yml"];

    public static IReadOnlyList<string> ManifestFiles { get; } = Repository.YamlFiles(Repository.Deploy)
        .Where(f => !Path.GetFileName(f).StartsWith("kustomization", StringComparison.Ordinal))
        .Where(f => !NotObjects.Any(n => Repository.Relative(f).Contains(n, StringComparison.Ordinal)))
        .ToList();

    /// <summary>Files kustomizations name under "patches": partial objects.</summary>
    public static IReadOnlySet<string> PatchFiles { get; } = Kustomization.All
        .SelectMany(k => k.Patches.Select(p => Path.GetFullPath(Path.Combine(k.Folder, p))))
        .ToHashSet(StringComparer.Ordinal);

    public static IReadOnlyList<(string File, JsonObject Object)> Objects { get; } = ManifestFiles
        .Where(f => !PatchFiles.Contains(f))
        .SelectMany(f => YamlDocuments.Load(f).OfType<JsonObject>().Select(o => (f, o)))
        .ToList();

    /// <summary>The deployment proper: what the base and the overlays apply (not examples, not upstream RBAC).</summary>
    public static IEnumerable<(string File, JsonObject Object)> Applied => Objects.Where(o =>
        !Repository.Relative(o.File).StartsWith("deploy/examples/", StringComparison.Ordinal)
        && !Repository.Relative(o.File).StartsWith("deploy/discovery/upstream/", StringComparison.Ordinal));

    public static IEnumerable<JsonObject> OfKind(string kind) => Applied.Select(o => o.Object).Where(o => (string?)o["kind"] == kind);

    public static string Name(JsonObject obj) => (string?)obj["metadata"]?["name"] ?? string.Empty;

    public static string Namespace(JsonObject obj) => (string?)obj["metadata"]?["namespace"] ?? string.Empty;

    public static string Describe(JsonObject obj) => $"{obj["kind"]} {Namespace(obj)}/{Name(obj)}";
}
