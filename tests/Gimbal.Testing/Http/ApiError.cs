using System.Text.Json.Nodes;

namespace Gimbal.Testing.Http;

/// <summary>An answer other than success, carried up to the request handler as the API server's Status body.</summary>
internal sealed class ApiError(int code, JsonObject status, TimeSpan? retryAfter = null) : Exception((string?)status["message"])
{
    public int Code { get; } = code;

    public JsonObject Status { get; } = status;

    public TimeSpan? RetryAfter { get; } = retryAfter;
}
