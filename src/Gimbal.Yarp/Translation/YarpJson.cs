using System.Text.Json;
using System.Text.Json.Serialization;

namespace Gimbal.Yarp.Translation;

internal static class YarpJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.General)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
