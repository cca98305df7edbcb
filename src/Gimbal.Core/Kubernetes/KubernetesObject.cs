using System.Text.Json;
using System.Text.Json.Serialization;

namespace Gimbal.Core.Kubernetes;

/// <summary>
/// A part of a Kubernetes object. Fields Gimbal does not model are kept in
/// <see cref="AdditionalProperties"/> so a read-modify-write round trip never loses them.
/// </summary>
public abstract record KubernetesModel
{
    // Settable, not init: System.Text.Json cannot fill extension data through an initializer.
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>A top-level Kubernetes object: apiVersion, kind and metadata.</summary>
public abstract record KubernetesObject : KubernetesModel
{
    [JsonPropertyOrder(-3)]
    public string? ApiVersion { get; init; }

    [JsonPropertyOrder(-2)]
    public string? Kind { get; init; }

    [JsonPropertyOrder(-1)]
    public ObjectMeta Metadata { get; init; } = new();

    /// <summary>"namespace/name", or "name" for cluster-scoped objects.</summary>
    [JsonIgnore]
    public string Key => Metadata.Namespace is { Length: > 0 } ns ? $"{ns}/{Metadata.Name}" : Metadata.Name ?? string.Empty;
}

/// <summary>metadata of every object.</summary>
public sealed record ObjectMeta : KubernetesModel
{
    public string? Name { get; init; }
    public string? GenerateName { get; init; }
    public string? Namespace { get; init; }
    public string? Uid { get; init; }
    public string? ResourceVersion { get; init; }
    public long? Generation { get; init; }
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }

    [JsonConverter(typeof(Rfc3339JsonConverter))]
    public DateTimeOffset? CreationTimestamp { get; init; }

    [JsonConverter(typeof(Rfc3339JsonConverter))]
    public DateTimeOffset? DeletionTimestamp { get; init; }

    public IReadOnlyList<OwnerReference>? OwnerReferences { get; init; }
    public IReadOnlyList<string>? Finalizers { get; init; }
}

/// <summary>metadata.ownerReferences[].</summary>
public sealed record OwnerReference : KubernetesModel
{
    public string? ApiVersion { get; init; }
    public string? Kind { get; init; }
    public string? Name { get; init; }
    public string? Uid { get; init; }
    public bool? Controller { get; init; }
    public bool? BlockOwnerDeletion { get; init; }
}

/// <summary>A reference to another object, as in Endpoints' targetRef.</summary>
public sealed record ObjectReferenceModel : KubernetesModel
{
    public string? Kind { get; init; }
    public string? Namespace { get; init; }
    public string? Name { get; init; }
    public string? Uid { get; init; }
    public string? ApiVersion { get; init; }
    public string? ResourceVersion { get; init; }
}

/// <summary>metadata of lists.</summary>
public sealed record ListMeta : KubernetesModel
{
    public string? ResourceVersion { get; init; }
    public string? Continue { get; init; }
    public long? RemainingItemCount { get; init; }
}

/// <summary>A list answer: kind "ServiceList" and so on.</summary>
public sealed record KubernetesList<T> : KubernetesModel
    where T : KubernetesObject
{
    [JsonPropertyOrder(-3)]
    public string? ApiVersion { get; init; }

    [JsonPropertyOrder(-2)]
    public string? Kind { get; init; }

    [JsonPropertyOrder(-1)]
    public ListMeta Metadata { get; init; } = new();

    public IReadOnlyList<T> Items { get; init; } = [];
}
