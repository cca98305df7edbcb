using System.Text.Json;

namespace Gimbal.Discovery.OpenStack.Api;

/// <summary>The OpenStack APIs speak snake_case JSON; unknown fields are ignored.</summary>
internal static class OpenStackJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };
}
