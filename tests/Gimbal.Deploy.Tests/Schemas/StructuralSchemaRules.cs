using System.Text.Json.Nodes;

namespace Gimbal.Deploy.Tests.Schemas;

/// <summary>
/// What makes an openAPIV3Schema "structural" (apiextensions.k8s.io/v1 rejects CRDs otherwise): every
/// node has a type unless it is int-or-string or preserves unknown fields, arrays say what their items
/// are, and no node mixes properties with additionalProperties.
/// </summary>
public static class StructuralSchemaRules
{
    public static IReadOnlyList<SchemaError> Problems(JsonObject schema)
    {
        var problems = new List<SchemaError>();
        Walk(schema, string.Empty, problems);
        return problems;
    }

    private static void Walk(JsonObject node, string path, List<SchemaError> problems)
    {
        var type = (string?)node["type"];
        var intOrString = node["x-kubernetes-int-or-string"] is JsonValue v && v.GetValue<bool>();
        var preserve = node["x-kubernetes-preserve-unknown-fields"] is JsonValue p && p.GetValue<bool>();
        if (type is null && !intOrString && !preserve)
        {
            problems.Add(new SchemaError(path, "has no type"));
        }

        if (type is not null and not ("object" or "array" or "string" or "integer" or "number" or "boolean"))
        {
            problems.Add(new SchemaError(path, $"unknown type {type}"));
        }

        if (type == "array" && node["items"] is not JsonObject)
        {
            problems.Add(new SchemaError(path, "array without items"));
        }

        if (node["properties"] is JsonObject && node["additionalProperties"] is JsonObject)
        {
            problems.Add(new SchemaError(path, "properties and additionalProperties together"));
        }

        foreach (var (name, child) in node["properties"] as JsonObject ?? [])
        {
            if (child is JsonObject childSchema)
            {
                Walk(childSchema, $"{path}.{name}", problems);
            }
        }

        if (node["items"] is JsonObject items)
        {
            Walk(items, $"{path}[]", problems);
        }

        if (node["additionalProperties"] is JsonObject values)
        {
            Walk(values, $"{path}{{}}", problems);
        }
    }
}
