namespace Gimbal.Core.Kubernetes;

/// <summary>The API server's Status object (kind: Status), carried by every error answer.</summary>
public sealed record ApiStatus : KubernetesModel
{
    /// <summary>"Status".</summary>
    public string? Kind { get; init; } = "Status";
    /// <summary>"v1".</summary>
    public string? ApiVersion { get; init; } = "v1";
    /// <summary>Unused list metadata the server may send.</summary>
    public ListMeta? Metadata { get; init; }
    /// <summary>"Success" or "Failure".</summary>
    public string? Status { get; init; }
    /// <summary>A human-readable description of the error.</summary>
    public string? Message { get; init; }
    /// <summary>A machine-readable reason, e.g. "NotFound", "AlreadyExists", "Conflict", "Expired", "Invalid".</summary>
    public string? Reason { get; init; }
    /// <summary>The object concerned, field causes and Retry-After, when given.</summary>
    public StatusDetails? Details { get; init; }
    /// <summary>The HTTP status code, e.g. 404, 409 or 410.</summary>
    public int? Code { get; init; }
}

/// <summary>Status.details.</summary>
public sealed record StatusDetails : KubernetesModel
{
    /// <summary>The name of the object concerned.</summary>
    public string? Name { get; init; }
    /// <summary>The API group of the object concerned.</summary>
    public string? Group { get; init; }
    /// <summary>The kind (or resource) of the object concerned.</summary>
    public string? Kind { get; init; }
    /// <summary>The uid of the object concerned.</summary>
    public string? Uid { get; init; }
    /// <summary>The individual problems, e.g. one per invalid field.</summary>
    public IReadOnlyList<StatusCause>? Causes { get; init; }
    /// <summary>Seconds to wait before retrying, for 429 and some 5xx answers.</summary>
    public int? RetryAfterSeconds { get; init; }
}

/// <summary>Status.details.causes[].</summary>
public sealed record StatusCause : KubernetesModel
{
    /// <summary>A machine-readable cause, e.g. "FieldValueInvalid".</summary>
    public string? Reason { get; init; }
    /// <summary>A human-readable description of the cause.</summary>
    public string? Message { get; init; }
    /// <summary>The field at fault, e.g. "spec.rules[0].host".</summary>
    public string? Field { get; init; }
}
