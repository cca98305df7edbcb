using System.Text.Json.Nodes;

namespace Gimbal.Testing.Storage;

/// <summary>RFC 7386 JSON merge patch, applied in place so untouched fields keep their order.</summary>
internal static class MergePatch
{
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        var result = target as JsonObject ?? new JsonObject();
        foreach (var (key, value) in patchObject)
        {
            if (value is null)
            {
                result.Remove(key);
            }
            else if (result[key] is JsonObject current && value is JsonObject)
            {
                Apply(current, value);
            }
            else
            {
                result[key] = Apply(null, value);
            }
        }

        return result;
    }
}
