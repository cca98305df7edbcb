using System.Text;
using System.Text.Json.Nodes;
using Gimbal.Testing.Resources;

namespace Gimbal.Testing.Storage;

/// <summary>
/// One stored object version, immutable. The JSON is kept without kind/apiVersion (as list items are written)
/// and those two are prefixed when the object is written on its own or in a watch event.
/// </summary>
internal sealed class StoredObject
{
    public required ApiResource Resource { get; init; }
    public required string Namespace { get; init; }
    public required string Name { get; init; }
    public required string Uid { get; init; }
    public required long ResourceVersion { get; init; }
    public required byte[] Body { get; init; }
    public required IReadOnlyDictionary<string, string> Labels { get; init; }
    public string? Type { get; init; }

    public string Key => field ??= Namespace.Length > 0 ? $"{Namespace}/{Name}" : Name;

    public string? Field(string field) => field switch
    {
        "metadata.name" => Name,
        "metadata.namespace" => Namespace,
        "type" => Type,
        _ => null,
    };

    public JsonObject ToNode() => JsonNode.Parse(Body)!.AsObject();

    /// <summary>The object with kind and apiVersion, as GET and watch events carry it.</summary>
    public byte[] FullJson()
    {
        var prefix = Encoding.UTF8.GetBytes($"{{\"kind\":\"{Resource.Kind}\",\"apiVersion\":\"{Resource.GroupVersion}\",");
        var full = new byte[prefix.Length + Body.Length - 1];
        prefix.CopyTo(full, 0);
        Body.AsSpan(1).CopyTo(full.AsSpan(prefix.Length));
        return full;
    }
}
