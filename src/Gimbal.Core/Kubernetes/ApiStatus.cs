namespace Gimbal.Core.Kubernetes;

/// <summary>The API server's Status object (kind: Status), carried by every error answer.</summary>
public sealed record ApiStatus : KubernetesModel
{
    public string? Kind { get; init; } = "Status";
    public string? ApiVersion { get; init; } = "v1";
    public ListMeta? Metadata { get; init; }
    public string? Status { get; init; }
    public string? Message { get; init; }
    public string? Reason { get; init; }
    public StatusDetails? Details { get; init; }
    public int? Code { get; init; }
}

/// <summary>Status.details.</summary>
public sealed record StatusDetails : KubernetesModel
{
    public string? Name { get; init; }
    public string? Group { get; init; }
    public string? Kind { get; init; }
    public string? Uid { get; init; }
    public IReadOnlyList<StatusCause>? Causes { get; init; }
    public int? RetryAfterSeconds { get; init; }
}

/// <summary>Status.details.causes[].</summary>
public sealed record StatusCause : KubernetesModel
{
    public string? Reason { get; init; }
    public string? Message { get; init; }
    public string? Field { get; init; }
}
