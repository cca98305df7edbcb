using System.Text.Json.Serialization;
using Gimbal.Core.Kubernetes;
using Gimbal.Kubernetes.Credentials;

namespace Gimbal.Kubernetes.Serialization;

/// <summary>JSON metadata for what the client reads and writes beyond the Core models.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(GenericObject))]
[JsonSerializable(typeof(KubernetesList<GenericObject>))]
[JsonSerializable(typeof(ApiStatus))]
[JsonSerializable(typeof(System.Text.Json.JsonElement))]
[JsonSerializable(typeof(DeleteOptionsBody))]
[JsonSerializable(typeof(ExecCredential))]
internal sealed partial class ClientJsonContext : JsonSerializerContext;

/// <summary>The DeleteOptions body of a DELETE.</summary>
internal sealed record DeleteOptionsBody
{
    public string Kind { get; init; } = "DeleteOptions";
    public string ApiVersion { get; init; } = "v1";
    public DeletePreconditions? Preconditions { get; init; }
    public string? PropagationPolicy { get; init; }
    public long? GracePeriodSeconds { get; init; }
}

/// <summary>DeleteOptions.preconditions.</summary>
internal sealed record DeletePreconditions(string? Uid, string? ResourceVersion);
