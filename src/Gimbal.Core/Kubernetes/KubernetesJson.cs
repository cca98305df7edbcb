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

    /// <summary>Kubernetes JSON of <paramref name="value"/> (camelCase, nulls left out, unknown fields kept).</summary>
    /// <typeparam name="T">A model type known to <see cref="KubernetesJsonContext"/>.</typeparam>
    /// <param name="value">The object.</param>
    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, TypeInfo<T>());

    /// <summary>Reads an object from JSON text; throws <see cref="JsonException"/> when the JSON does not fit <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">A model type known to <see cref="KubernetesJsonContext"/>.</typeparam>
    /// <param name="json">The JSON text.</param>
    public static T? Deserialize<T>(string json) => JsonSerializer.Deserialize(json, TypeInfo<T>());

    /// <summary>Reads an object from UTF-8 JSON; throws <see cref="JsonException"/> when the JSON does not fit <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">A model type known to <see cref="KubernetesJsonContext"/>.</typeparam>
    /// <param name="utf8Json">The UTF-8 bytes.</param>
    public static T? Deserialize<T>(ReadOnlySpan<byte> utf8Json) => JsonSerializer.Deserialize(utf8Json, TypeInfo<T>());

    /// <summary>Reads an object from a parsed JSON element; throws <see cref="JsonException"/> when it does not fit <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">A model type known to <see cref="KubernetesJsonContext"/>.</typeparam>
    /// <param name="element">The JSON element.</param>
    public static T? Deserialize<T>(JsonElement element) => element.Deserialize(TypeInfo<T>());

    /// <summary>The source-generated metadata of <typeparamref name="T"/>; throws <see cref="InvalidOperationException"/> for a type the context does not know.</summary>
    /// <typeparam name="T">A model type.</typeparam>
    public static JsonTypeInfo<T> TypeInfo<T>() =>
        (JsonTypeInfo<T>?)KubernetesJsonContext.Default.GetTypeInfo(typeof(T))
        ?? throw new InvalidOperationException($"{typeof(T).Name} is not a Kubernetes model known to {nameof(KubernetesJsonContext)}");
}
