using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Gimbal.Core.Kubernetes;

/// <summary>
/// System.Text.Json metadata for the Kubernetes models, written as the API server writes them:
/// camelCase, nulls omitted, base64 byte arrays, RFC 3339 timestamps.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNameCaseInsensitive = false)]
[JsonSerializable(typeof(Service))]
[JsonSerializable(typeof(Endpoints))]
[JsonSerializable(typeof(EndpointSlice))]
[JsonSerializable(typeof(Secret))]
[JsonSerializable(typeof(Namespace))]
[JsonSerializable(typeof(Node))]
[JsonSerializable(typeof(Ingress))]
[JsonSerializable(typeof(IngressClass))]
[JsonSerializable(typeof(ApiStatus))]
[JsonSerializable(typeof(KubernetesList<Service>))]
[JsonSerializable(typeof(KubernetesList<Endpoints>))]
[JsonSerializable(typeof(KubernetesList<EndpointSlice>))]
[JsonSerializable(typeof(KubernetesList<Secret>))]
[JsonSerializable(typeof(KubernetesList<Namespace>))]
[JsonSerializable(typeof(KubernetesList<Node>))]
[JsonSerializable(typeof(KubernetesList<Ingress>))]
[JsonSerializable(typeof(KubernetesList<IngressClass>))]
[JsonSerializable(typeof(Contour.HttpProxy))]
[JsonSerializable(typeof(Contour.TlsCertificateDelegation))]
[JsonSerializable(typeof(KubernetesList<Contour.HttpProxy>))]
[JsonSerializable(typeof(KubernetesList<Contour.TlsCertificateDelegation>))]
[JsonSerializable(typeof(JsonElement))]
public sealed partial class KubernetesJsonContext : JsonSerializerContext;

/// <summary>Entry points for (de)serializing Kubernetes objects.</summary>
public static class KubernetesJson
{
    /// <summary>Options backed by <see cref="KubernetesJsonContext"/>; other contexts may be chained in by callers.</summary>
    public static JsonSerializerOptions Options => KubernetesJsonContext.Default.Options;

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, TypeInfo<T>());

    public static T? Deserialize<T>(string json) => JsonSerializer.Deserialize(json, TypeInfo<T>());

    public static T? Deserialize<T>(ReadOnlySpan<byte> utf8Json) => JsonSerializer.Deserialize(utf8Json, TypeInfo<T>());

    public static T? Deserialize<T>(JsonElement element) => element.Deserialize(TypeInfo<T>());

    public static JsonTypeInfo<T> TypeInfo<T>() =>
        (JsonTypeInfo<T>?)KubernetesJsonContext.Default.GetTypeInfo(typeof(T))
        ?? throw new InvalidOperationException($"{typeof(T).Name} is not a Kubernetes model known to {nameof(KubernetesJsonContext)}");
}
