using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Gimbal.Deploy.Tests.Schemas;

/// <summary>
/// Validates a value against a Kubernetes structural schema (a CRD's openAPIV3Schema) the way the API
/// server does with strict field validation: type, required, properties, items, additionalProperties,
/// enum, pattern, minimum/maximum (and their exclusive forms), minLength/maxLength, minItems/maxItems,
/// int32/int64 formats, nullable, x-kubernetes-int-or-string and x-kubernetes-preserve-unknown-fields.
/// Unknown fields are errors (the API server would prune them, or reject them with strict validation).
/// </summary>
public static class StructuralSchemaValidator
{
    public static IReadOnlyList<SchemaError> Validate(JsonNode? value, JsonObject schema)
    {
        var errors = new List<SchemaError>();
        Check(value, schema, string.Empty, errors, isRoot: true);
        return errors;
    }

    private static void Check(JsonNode? value, JsonObject schema, string path, List<SchemaError> errors, bool isRoot = false)
    {
        if (value is null)
        {
            if (!Bool(schema, "nullable"))
            {
                errors.Add(new SchemaError(path, "must not be null"));
            }

            return;
        }

        if (Bool(schema, "x-kubernetes-int-or-string"))
        {
            if (!IsInteger(value) && Kind(value) != JsonValueKind.String)
            {
                errors.Add(new SchemaError(path, $"must be an integer or a string, not {Describe(value)}"));
            }

            return;
        }

        var type = (string?)schema["type"];
        if (type is not null && !HasType(value, type))
        {
            errors.Add(new SchemaError(path, $"must be of type {type}, not {Describe(value)}"));
            return;
        }

        CheckEnum(value, schema, path, errors);
        switch (value)
        {
            case JsonObject obj:
                CheckObject(obj, schema, path, errors, isRoot);
                break;
            case JsonArray array:
                CheckArray(array, schema, path, errors);
                break;
            default:
                CheckScalar((JsonValue)value, schema, path, errors);
                break;
        }
    }

    private static void CheckObject(JsonObject obj, JsonObject schema, string path, List<SchemaError> errors, bool isRoot)
    {
        foreach (var name in (schema["required"] as JsonArray ?? []).Select(n => (string)n!))
        {
            if (!obj.ContainsKey(name))
            {
                errors.Add(new SchemaError(path, $"required field \"{name}\" is missing"));
            }
        }

        var properties = schema["properties"] as JsonObject;
        var additional = schema["additionalProperties"];
        var preserveUnknown = Bool(schema, "x-kubernetes-preserve-unknown-fields");
        foreach (var (name, child) in obj)
        {
            var childPath = $"{path}.{name}";
            if (properties?[name] is JsonObject childSchema)
            {
                // metadata is validated by the API server itself, not by the CRD schema.
                if (isRoot && name == "metadata")
                {
                    continue;
                }

                Check(child, childSchema, childPath, errors);
            }
            else if (additional is JsonObject valueSchema)
            {
                Check(child, valueSchema, childPath, errors);
            }
            else if (additional is JsonValue allowed && allowed.GetValue<bool>())
            {
                continue;
            }
            else if (!preserveUnknown && !(isRoot && name is "apiVersion" or "kind" or "metadata"))
            {
                errors.Add(new SchemaError(childPath, "unknown field"));
            }
        }
    }

    private static void CheckArray(JsonArray array, JsonObject schema, string path, List<SchemaError> errors)
    {
        if (Number(schema, "minItems") is { } minItems && array.Count < minItems)
        {
            errors.Add(new SchemaError(path, $"must have at least {minItems} items"));
        }

        if (Number(schema, "maxItems") is { } maxItems && array.Count > maxItems)
        {
            errors.Add(new SchemaError(path, $"must have at most {maxItems} items"));
        }

        if (schema["items"] is JsonObject items)
        {
            for (var i = 0; i < array.Count; i++)
            {
                Check(array[i], items, $"{path}[{i}]", errors);
            }
        }
    }

    private static void CheckScalar(JsonValue value, JsonObject schema, string path, List<SchemaError> errors)
    {
        if (Kind(value) == JsonValueKind.String)
        {
            var text = value.GetValue<string>();
            var length = new StringInfo(text).LengthInTextElements;
            if (Number(schema, "minLength") is { } minLength && length < minLength)
            {
                errors.Add(new SchemaError(path, $"must be at least {minLength} characters long"));
            }

            if (Number(schema, "maxLength") is { } maxLength && length > maxLength)
            {
                errors.Add(new SchemaError(path, $"must be at most {maxLength} characters long"));
            }

            if ((string?)schema["pattern"] is { } pattern && !Regex.IsMatch(text, pattern, RegexOptions.None, TimeSpan.FromSeconds(1)))
            {
                errors.Add(new SchemaError(path, $"\"{text}\" does not match {pattern}"));
            }

            return;
        }

        if (Kind(value) != JsonValueKind.Number)
        {
            return;
        }

        var number = AsDouble(value);
        if (Number(schema, "minimum") is { } minimum && (Bool(schema, "exclusiveMinimum") ? number <= minimum : number < minimum))
        {
            errors.Add(new SchemaError(path, $"{Num(number)} is below the minimum {Num(minimum)}"));
        }

        if (Number(schema, "maximum") is { } maximum && (Bool(schema, "exclusiveMaximum") ? number >= maximum : number > maximum))
        {
            errors.Add(new SchemaError(path, $"{Num(number)} is above the maximum {Num(maximum)}"));
        }

        var (low, high) = (string?)schema["format"] switch
        {
            "int32" => (int.MinValue, (double)int.MaxValue),
            "int64" => (long.MinValue, (double)long.MaxValue),
            _ => (double.NegativeInfinity, double.PositiveInfinity),
        };
        if (number < low || number > high)
        {
            errors.Add(new SchemaError(path, $"{Num(number)} does not fit {(string?)schema["format"]}"));
        }
    }

    private static void CheckEnum(JsonNode value, JsonObject schema, string path, List<SchemaError> errors)
    {
        if (schema["enum"] is JsonArray allowed && !allowed.Any(a => JsonNode.DeepEquals(a, value)))
        {
            errors.Add(new SchemaError(path, $"{value.ToJsonString()} is not one of {allowed.ToJsonString()}"));
        }
    }

    private static bool HasType(JsonNode value, string type) => type switch
    {
        "object" => value is JsonObject,
        "array" => value is JsonArray,
        "string" => Kind(value) == JsonValueKind.String,
        "boolean" => Kind(value) is JsonValueKind.True or JsonValueKind.False,
        "integer" => IsInteger(value),
        "number" => Kind(value) == JsonValueKind.Number,
        _ => false,
    };

    private static bool IsInteger(JsonNode value) =>
        Kind(value) == JsonValueKind.Number && AsDouble(value) is var d && Math.Floor(d) == d && double.IsFinite(d);

    private static JsonValueKind Kind(JsonNode value) => value.GetValueKind();

    private static string Describe(JsonNode value) => Kind(value) switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => IsInteger(value) ? "integer" : "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => "null",
    };

    private static bool Bool(JsonObject schema, string name) => schema[name] is JsonValue v && v.GetValueKind() == JsonValueKind.True;

    private static double? Number(JsonObject schema, string name) =>
        schema[name] is JsonValue v && v.GetValueKind() == JsonValueKind.Number ? AsDouble(v) : null;

    // Values parsed from YAML hold longs, values parsed from JSON hold elements: read both through their text.
    private static double AsDouble(JsonNode value) => double.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);

    private static string Num(double value) => value.ToString(CultureInfo.InvariantCulture);
}
