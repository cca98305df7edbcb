namespace Gimbal.Core.Kubernetes;

/// <summary>core/v1 Namespace.</summary>
public sealed record Namespace : KubernetesObject
{
    public Namespace()
    {
        ApiVersion = "v1";
        Kind = "Namespace";
    }

    public NamespaceSpec? Spec { get; init; }
    public NamespaceStatus? Status { get; init; }
}

/// <summary>Namespace spec.</summary>
public sealed record NamespaceSpec : KubernetesModel
{
    public IReadOnlyList<string>? Finalizers { get; init; }
}

/// <summary>Namespace status.</summary>
public sealed record NamespaceStatus : KubernetesModel
{
    public string? Phase { get; init; }
}

/// <summary>core/v1 Node; Gimbal only reads its metadata and addresses.</summary>
public sealed record Node : KubernetesObject
{
    public Node()
    {
        ApiVersion = "v1";
        Kind = "Node";
    }

    public NodeStatus? Status { get; init; }
}

/// <summary>Node status.</summary>
public sealed record NodeStatus : KubernetesModel
{
    public IReadOnlyList<NodeAddress>? Addresses { get; init; }
}

/// <summary>status.addresses[] of a Node.</summary>
public sealed record NodeAddress : KubernetesModel
{
    public string? Type { get; init; }
    public string? Address { get; init; }
}
