using System.Text.Json.Nodes;

namespace Gimbal.Deploy.Tests.Schemas;

public sealed class StructuralSchemaValidatorTests
{
    private static readonly JsonObject Schema = JsonNode.Parse("""
        {
          "type": "object",
          "required": ["spec"],
          "properties": {
            "spec": {
              "type": "object",
              "required": ["name"],
              "properties": {
                "name": { "type": "string", "minLength": 2, "maxLength": 8, "pattern": "^[a-z]+$" },
                "port": { "type": "integer", "format": "int32", "minimum": 1, "maximum": 65535 },
                "ratio": { "type": "number", "minimum": 0, "exclusiveMinimum": true },
                "mode": { "type": "string", "enum": ["a", "b"] },
                "flags": { "type": "array", "maxItems": 2, "items": { "type": "boolean" } },
                "target": { "x-kubernetes-int-or-string": true },
                "labels": { "type": "object", "additionalProperties": { "type": "string" } },
                "free": { "type": "object", "x-kubernetes-preserve-unknown-fields": true },
                "note": { "type": "string", "nullable": true }
              }
            }
          }
        }
        """)!.AsObject();

    [Fact]
    public void A_valid_object_has_no_errors()
    {
        var value = JsonNode.Parse("""
            { "apiVersion": "x/v1", "kind": "X", "metadata": { "name": "any", "whatever": 1 },
              "spec": { "name": "web", "port": 8080, "ratio": 0.5, "mode": "b", "flags": [true, false],
                        "target": "http", "labels": { "a": "b" }, "free": { "anything": [1, 2] }, "note": null } }
            """);

        Assert.Empty(StructuralSchemaValidator.Validate(value, Schema));
    }

    [Theory]
    [InlineData("""{ }""", "", "required field \"spec\" is missing")]
    [InlineData("""{ "spec": { } }""", ".spec", "required field \"name\" is missing")]
    [InlineData("""{ "spec": { "name": 7 } }""", ".spec.name", "must be of type string, not integer")]
    [InlineData("""{ "spec": { "name": "a" } }""", ".spec.name", "must be at least 2 characters long")]
    [InlineData("""{ "spec": { "name": "abcdefghij" } }""", ".spec.name", "must be at most 8 characters long")]
    [InlineData("""{ "spec": { "name": "Web" } }""", ".spec.name", "\"Web\" does not match ^[a-z]+$")]
    [InlineData("""{ "spec": { "name": "web", "port": 0 } }""", ".spec.port", "0 is below the minimum 1")]
    [InlineData("""{ "spec": { "name": "web", "port": 70000 } }""", ".spec.port", "70000 is above the maximum 65535")]
    [InlineData("""{ "spec": { "name": "web", "port": 1.5 } }""", ".spec.port", "must be of type integer, not number")]
    [InlineData("""{ "spec": { "name": "web", "ratio": 0 } }""", ".spec.ratio", "0 is below the minimum 0")]
    [InlineData("""{ "spec": { "name": "web", "mode": "c" } }""", ".spec.mode", "\"c\" is not one of [\"a\",\"b\"]")]
    [InlineData("""{ "spec": { "name": "web", "flags": [true, "yes"] } }""", ".spec.flags[1]", "must be of type boolean, not string")]
    [InlineData("""{ "spec": { "name": "web", "flags": [true, true, true] } }""", ".spec.flags", "must have at most 2 items")]
    [InlineData("""{ "spec": { "name": "web", "target": true } }""", ".spec.target", "must be an integer or a string, not boolean")]
    [InlineData("""{ "spec": { "name": "web", "labels": { "a": 1 } } }""", ".spec.labels.a", "must be of type string, not integer")]
    [InlineData("""{ "spec": { "name": "web", "colour": "red" } }""", ".spec.colour", "unknown field")]
    [InlineData("""{ "spec": { "name": null } }""", ".spec.name", "must not be null")]
    public void Each_keyword_rejects_what_it_forbids(string json, string path, string message)
    {
        var errors = StructuralSchemaValidator.Validate(JsonNode.Parse(json), Schema);

        var error = Assert.Single(errors);
        Assert.Equal(path, error.Path);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Structural_rules_find_untyped_nodes_and_arrays_without_items()
    {
        var schema = JsonNode.Parse("""
            { "type": "object", "properties": { "a": { "description": "no type" }, "b": { "type": "array" },
              "c": { "type": "object", "properties": { "d": { "type": "string" } }, "additionalProperties": { "type": "string" } } } }
            """)!.AsObject();

        var problems = StructuralSchemaRules.Problems(schema).Select(p => p.ToString()).ToList();

        Assert.Equal([".a: has no type", ".b: array without items", ".c: properties and additionalProperties together"], problems);
    }
}
