using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Gimbal.Testing.OpenStack;

/// <summary>
/// Response bodies, with the error shapes each service uses (see Samples/README.md, "Error bodies"): Keystone
/// and keystonemiddleware {"error": {...}}, Octavia's WSME faults, Neutron's {"NeutronError": {...}}.
/// </summary>
internal static class Responses
{
    public static async Task Json(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString());
    }

    public static Task KeystoneError(HttpContext context, int status, string title, string message) =>
        Json(context, status, new JsonObject { ["error"] = new JsonObject { ["code"] = status, ["title"] = title, ["message"] = message } });

    public static Task Unauthorized(HttpContext context, Uri baseUrl, string message)
    {
        context.Response.Headers.WWWAuthenticate = $"Keystone uri=\"{baseUrl}identity\"";
        return KeystoneError(context, 401, "Unauthorized", message);
    }

    public static Task OctaviaFault(HttpContext context, int status, string message) =>
        Json(context, status, new JsonObject { ["faultcode"] = status >= 500 ? "Server" : "Client", ["faultstring"] = message, ["debuginfo"] = null });

    public static Task NeutronError(HttpContext context, int status, string type, string message) =>
        Json(context, status, new JsonObject { ["NeutronError"] = new JsonObject { ["type"] = type, ["message"] = message, ["detail"] = string.Empty } });
}
