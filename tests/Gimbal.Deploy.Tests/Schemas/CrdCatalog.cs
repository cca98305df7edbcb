using System.Text.Json.Nodes;
using Gimbal.Deploy.Tests.Infrastructure;

namespace Gimbal.Deploy.Tests.Schemas;

/// <summary>The CRDs in deploy/crds, by "group/version" and kind, with their schemas.</summary>
internal sealed class CrdCatalog
{
    private readonly Dictionary<(string ApiVersion, string Kind), JsonObject> _schemas = [];

    private CrdCatalog(IEnumerable<JsonObject> crds)
    {
        Definitions = crds.ToList();
        foreach (var crd in Definitions)
        {
            var group = (string)crd["spec"]!["group"]!;
            var kind = (string)crd["spec"]!["names"]!["kind"]!;
            foreach (var version in crd["spec"]!["versions"]!.AsArray().OfType<JsonObject>())
            {
                _schemas[($"{group}/{(string)version["name"]!}", kind)] = version["schema"]!["openAPIV3Schema"]!.AsObject();
            }
        }
    }

    public IReadOnlyList<JsonObject> Definitions { get; }

    public static CrdCatalog Load() => new(YamlDocuments.Objects(Path.Combine(Repository.Deploy, "crds")).Select(o => o.Object)
        .Where(o => (string?)o["kind"] == "CustomResourceDefinition"));

    public JsonObject? SchemaFor(JsonObject obj) =>
        _schemas.GetValueOrDefault(((string?)obj["apiVersion"] ?? string.Empty, (string?)obj["kind"] ?? string.Empty));
}
