using System.Text.Json;

namespace Gimbal.Discovery.OpenStack.Api;

/// <summary>
/// The human message out of the error bodies the services answer with: Keystone and keystonemiddleware
/// ({"error": {"message"}}), Octavia's WSME faults ({"faultstring"}) and Neutron ({"NeutronError": {"message"}}).
/// </summary>
internal static class ErrorBodies
{
    private const int MaxLength = 300;

    public static string Describe(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return "(empty body)";
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                if (root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object && TryString(error, "message", out var message))
                {
                    return message;
                }

                if (TryString(root, "faultstring", out var fault))
                {
                    return fault;
                }

                if (root.TryGetProperty("NeutronError", out var neutron) && neutron.ValueKind == JsonValueKind.Object && TryString(neutron, "message", out var neutronMessage))
                {
                    return neutronMessage;
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON (an HTML page from a proxy, say): the text itself is the best description.
        }

        return body.Length > MaxLength ? body[..MaxLength] + "…" : body;
    }

    private static bool TryString(JsonElement element, string name, out string value)
    {
        if (element.TryGetProperty(name, out var property) && property.ValueKind == JsonValueKind.String && property.GetString() is { Length: > 0 } text)
        {
            value = text;
            return true;
        }

        value = string.Empty;
        return false;
    }
}
