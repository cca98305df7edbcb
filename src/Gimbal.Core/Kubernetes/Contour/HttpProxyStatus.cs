namespace Gimbal.Core.Kubernetes.Contour;

/// <summary>HTTPProxy status, as Contour writes it: valid / invalid / orphaned plus conditions.</summary>
public sealed record HttpProxyStatus : KubernetesModel
{
    /// <summary>"valid", "invalid" or "orphaned".</summary>
    public string? CurrentStatus { get; init; }
    public string? Description { get; init; }
    public LoadBalancerStatus? LoadBalancer { get; init; }
    public IReadOnlyList<DetailedCondition>? Conditions { get; init; }
}

/// <summary>status.conditions[]: a metav1.Condition with the errors and warnings behind it.</summary>
public sealed record DetailedCondition : KubernetesModel
{
    public string? Type { get; init; }
    /// <summary>"True", "False" or "Unknown".</summary>
    public string? Status { get; init; }
    public long? ObservedGeneration { get; init; }

    [System.Text.Json.Serialization.JsonConverter(typeof(Rfc3339JsonConverter))]
    public DateTimeOffset? LastTransitionTime { get; init; }

    public string? Reason { get; init; }
    public string? Message { get; init; }
    public IReadOnlyList<SubCondition>? Errors { get; init; }
    public IReadOnlyList<SubCondition>? Warnings { get; init; }
}

/// <summary>conditions[].errors[] and warnings[].</summary>
public sealed record SubCondition : KubernetesModel
{
    public string? Type { get; init; }
    public string? Status { get; init; }
    public string? Reason { get; init; }
    public string? Message { get; init; }
}
