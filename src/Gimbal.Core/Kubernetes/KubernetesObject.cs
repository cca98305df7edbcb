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
    /// <summary>The JSON fields this model does not declare, kept as read so they are written back unchanged; null when there were none.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>A top-level Kubernetes object: apiVersion, kind and metadata.</summary>
public abstract record KubernetesObject : KubernetesModel
{
    /// <summary>The object's apiVersion, e.g. "v1" or "networking.k8s.io/v1".</summary>
    [JsonPropertyOrder(-3)]
    public string? ApiVersion { get; init; }

    /// <summary>The object's kind, e.g. "Service".</summary>
    [JsonPropertyOrder(-2)]
    public string? Kind { get; init; }

    /// <summary>Name, namespace, labels, annotations and the server-managed fields.</summary>
    [JsonPropertyOrder(-1)]
    public ObjectMeta Metadata { get; init; } = new();

    /// <summary>"namespace/name", or "name" for cluster-scoped objects.</summary>
    [JsonIgnore]
    public string Key => Metadata.Namespace is { Length: > 0 } ns ? $"{ns}/{Metadata.Name}" : Metadata.Name ?? string.Empty;
}

/// <summary>metadata of every object.</summary>
public sealed record ObjectMeta : KubernetesModel
{
    /// <summary>The object's name, unique per kind within its namespace.</summary>
    public string? Name { get; init; }
    /// <summary>On create without a name: the prefix the server adds random characters to.</summary>
    public string? GenerateName { get; init; }
    /// <summary>The object's namespace; null for cluster-scoped objects.</summary>
    public string? Namespace { get; init; }
    /// <summary>The server-assigned ID, different for every object ever created, even of the same name.</summary>
    public string? Uid { get; init; }
    /// <summary>An opaque version that changes on every write; sent back on replace for optimistic concurrency.</summary>
    public string? ResourceVersion { get; init; }
    /// <summary>A counter the server increments when the spec changes (status writes leave it).</summary>
    public long? Generation { get; init; }
    /// <summary>Key/value pairs selectors match on; null when there are none.</summary>
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
    /// <summary>Key/value pairs for tools and controllers (Gimbal reads its settings from these); null when there are none.</summary>
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }

    /// <summary>When the object was created (server-set).</summary>
    [JsonConverter(typeof(Rfc3339JsonConverter))]
    public DateTimeOffset? CreationTimestamp { get; init; }

    /// <summary>Set when deletion was requested and finalizers still hold the object; null otherwise.</summary>
    [JsonConverter(typeof(Rfc3339JsonConverter))]
    public DateTimeOffset? DeletionTimestamp { get; init; }

    /// <summary>The objects this one belongs to; it is garbage-collected with them.</summary>
    public IReadOnlyList<OwnerReference>? OwnerReferences { get; init; }
    /// <summary>Controllers that must finish before the object is really deleted.</summary>
    public IReadOnlyList<string>? Finalizers { get; init; }
}

/// <summary>metadata.ownerReferences[].</summary>
public sealed record OwnerReference : KubernetesModel
{
    /// <summary>The owner's apiVersion.</summary>
    public string? ApiVersion { get; init; }
    /// <summary>The owner's kind.</summary>
    public string? Kind { get; init; }
    /// <summary>The owner's name (in the same namespace).</summary>
    public string? Name { get; init; }
    /// <summary>The owner's uid.</summary>
    public string? Uid { get; init; }
    /// <summary>True for the owner that manages this object.</summary>
    public bool? Controller { get; init; }
    /// <summary>True when foreground deletion of the owner waits for this object.</summary>
    public bool? BlockOwnerDeletion { get; init; }
}

/// <summary>A reference to another object, as in Endpoints' targetRef.</summary>
public sealed record ObjectReferenceModel : KubernetesModel
{
    /// <summary>The referenced object's kind, e.g. "Pod".</summary>
    public string? Kind { get; init; }
    /// <summary>The referenced object's namespace.</summary>
    public string? Namespace { get; init; }
    /// <summary>The referenced object's name.</summary>
    public string? Name { get; init; }
    /// <summary>The referenced object's uid.</summary>
    public string? Uid { get; init; }
    /// <summary>The referenced object's apiVersion.</summary>
    public string? ApiVersion { get; init; }
    /// <summary>The referenced object's resourceVersion when the reference was made.</summary>
    public string? ResourceVersion { get; init; }
}

/// <summary>metadata of lists.</summary>
public sealed record ListMeta : KubernetesModel
{
    /// <summary>The version the list reflects: watch from here to see every later change.</summary>
    public string? ResourceVersion { get; init; }
    /// <summary>The token of the next page; null or empty on the last page.</summary>
    public string? Continue { get; init; }
    /// <summary>About how many items the following pages hold, when the server says.</summary>
    public long? RemainingItemCount { get; init; }
}

/// <summary>A list answer: kind "ServiceList" and so on.</summary>
public sealed record KubernetesList<T> : KubernetesModel
    where T : KubernetesObject
{
    /// <summary>The list's apiVersion.</summary>
    [JsonPropertyOrder(-3)]
    public string? ApiVersion { get; init; }

    /// <summary>The list's kind, e.g. "ServiceList".</summary>
    [JsonPropertyOrder(-2)]
    public string? Kind { get; init; }

    /// <summary>The list's resourceVersion and continue token.</summary>
    [JsonPropertyOrder(-1)]
    public ListMeta Metadata { get; init; } = new();

    /// <summary>The objects in this page.</summary>
    public IReadOnlyList<T> Items { get; init; } = [];
}
