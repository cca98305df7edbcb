namespace Gimbal.Core.Kubernetes.Contour;

/// <summary>HTTPProxy status, as Contour writes it: valid / invalid / orphaned plus conditions.</summary>
public sealed record HttpProxyStatus : KubernetesModel
{
    /// <summary>"valid", "invalid" or "orphaned".</summary>
    public string? CurrentStatus { get; init; }
    /// <summary>A one-line explanation, e.g. "Valid HTTPProxy" or the first error.</summary>
    public string? Description { get; init; }
    /// <summary>The addresses the proxy's host is reachable at.</summary>
    public LoadBalancerStatus? LoadBalancer { get; init; }
    /// <summary>The conditions; Gimbal writes one, of type "Valid".</summary>
    public IReadOnlyList<DetailedCondition>? Conditions { get; init; }
}

/// <summary>status.conditions[]: a metav1.Condition with the errors and warnings behind it.</summary>
public sealed record DetailedCondition : KubernetesModel
{
    /// <summary>The condition's type, e.g. "Valid".</summary>
    public string? Type { get; init; }
    /// <summary>"True", "False" or "Unknown".</summary>
    public string? Status { get; init; }
    /// <summary>The metadata.generation the condition was computed from.</summary>
    public long? ObservedGeneration { get; init; }

    /// <summary>When <see cref="Status"/> last changed.</summary>
    [System.Text.Json.Serialization.JsonConverter(typeof(Rfc3339JsonConverter))]
    public DateTimeOffset? LastTransitionTime { get; init; }

    /// <summary>A CamelCase reason, e.g. "Valid" or "ErrorPresent".</summary>
    public string? Reason { get; init; }
    /// <summary>A human-readable explanation.</summary>
    public string? Message { get; init; }
    /// <summary>The problems that make the proxy invalid.</summary>
    public IReadOnlyList<SubCondition>? Errors { get; init; }
    /// <summary>Problems that leave the proxy served, in part.</summary>
    public IReadOnlyList<SubCondition>? Warnings { get; init; }
}

/// <summary>conditions[].errors[] and warnings[].</summary>
public sealed record SubCondition : KubernetesModel
{
    /// <summary>The problem's area, e.g. "VirtualHostError", "IncludeError" or "ServiceError".</summary>
    public string? Type { get; init; }
    /// <summary>"True" when the problem is present.</summary>
    public string? Status { get; init; }
    /// <summary>A CamelCase reason, e.g. "DuplicateVhost", "ServiceNotFound" or "SecretNotValid".</summary>
    public string? Reason { get; init; }
    /// <summary>A human-readable explanation naming the field.</summary>
    public string? Message { get; init; }
}
