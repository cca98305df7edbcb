using System.Text;
using System.Text.Json.Nodes;
using Gimbal.Testing.Resources;

namespace Gimbal.Testing.Storage;

/// <summary>Turns request JSON into stored form, written as the API server writes it: Go field order, sorted map keys.</summary>
internal static class ObjectCodec
{
    private static readonly string[] MetadataOrder =
    [
        "name", "generateName", "namespace", "selfLink", "uid", "resourceVersion", "generation", "creationTimestamp",
        "deletionTimestamp", "deletionGracePeriodSeconds", "labels", "annotations", "ownerReferences", "finalizers", "managedFields",
    ];

    public static StoredObject Encode(ApiResource resource, JsonObject obj)
    {
        obj.Remove("kind");
        obj.Remove("apiVersion");
        var meta = Metadata(obj);
        SortKeys(meta, "labels");
        SortKeys(meta, "annotations");
        SortKeys(obj, "data");
        var orderedMeta = Reorder(meta, MetadataOrder);
        obj["metadata"] = orderedMeta;
        var ordered = Reorder(obj, ["metadata", "spec"], last: "status");

        return new StoredObject
        {
            Resource = resource,
            Namespace = (string?)orderedMeta["namespace"] ?? string.Empty,
            Name = (string?)orderedMeta["name"] ?? string.Empty,
            Uid = (string?)orderedMeta["uid"] ?? string.Empty,
            ResourceVersion = long.Parse((string?)orderedMeta["resourceVersion"] ?? "0", System.Globalization.CultureInfo.InvariantCulture),
            Labels = Labels(orderedMeta),
            Type = resource == ResourceCatalog.Secrets ? (string?)ordered["type"] : null,
            Body = Encoding.UTF8.GetBytes(ordered.ToJsonString()),
        };
    }

    public static JsonObject Metadata(JsonObject obj)
    {
        if (obj["metadata"] is JsonObject meta)
        {
            return meta;
        }

        meta = new JsonObject();
        obj["metadata"] = meta;
        return meta;
    }

    public static IReadOnlyDictionary<string, string> Labels(JsonObject meta)
    {
        if (meta["labels"] is not JsonObject labels || labels.Count == 0)
        {
            return new Dictionary<string, string>();
        }

        return labels.ToDictionary(p => p.Key, p => p.Value?.GetValueKind() == System.Text.Json.JsonValueKind.String ? (string)p.Value! : p.Value?.ToJsonString() ?? string.Empty, StringComparer.Ordinal);
    }

    private static void SortKeys(JsonObject parent, string property)
    {
        if (parent[property] is JsonObject map)
        {
            parent[property] = Reorder(map, map.Select(p => p.Key).Order(StringComparer.Ordinal).ToArray());
        }
    }

    private static JsonObject Reorder(JsonObject source, IReadOnlyList<string> first, string? last = null)
    {
        var props = source.ToList();
        source.Clear();
        var result = new JsonObject();
        foreach (var key in first)
        {
            var match = props.FindIndex(p => p.Key == key);
            if (match >= 0)
            {
                result[key] = props[match].Value;
                props.RemoveAt(match);
            }
        }

        JsonNode? tail = null;
        var hasTail = false;
        foreach (var (key, value) in props)
        {
            if (key == last)
            {
                tail = value;
                hasTail = true;
                continue;
            }

            result[key] = value;
        }

        if (hasTail)
        {
            result[last!] = tail;
        }

        return result;
    }
}
