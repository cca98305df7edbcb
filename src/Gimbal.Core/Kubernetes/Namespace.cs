namespace Gimbal.Core.Kubernetes;

/// <summary>core/v1 Namespace.</summary>
public sealed record Namespace : KubernetesObject
{
    /// <summary>An empty Namespace with apiVersion "v1" and kind "Namespace" set.</summary>
    public Namespace()
    {
        ApiVersion = "v1";
        Kind = "Namespace";
    }

    /// <summary>The namespace's finalizers.</summary>
    public NamespaceSpec? Spec { get; init; }
    /// <summary>Whether the namespace is active or being deleted.</summary>
    public NamespaceStatus? Status { get; init; }
}

/// <summary>Namespace spec.</summary>
public sealed record NamespaceSpec : KubernetesModel
{
    /// <summary>What must finish before the namespace is removed, e.g. "kubernetes".</summary>
    public IReadOnlyList<string>? Finalizers { get; init; }
}

/// <summary>Namespace status.</summary>
public sealed record NamespaceStatus : KubernetesModel
{
    /// <summary>"Active" or "Terminating".</summary>
    public string? Phase { get; init; }
}

/// <summary>core/v1 Node; Gimbal only reads its metadata and addresses.</summary>
public sealed record Node : KubernetesObject
{
    /// <summary>An empty Node with apiVersion "v1" and kind "Node" set.</summary>
    public Node()
    {
        ApiVersion = "v1";
        Kind = "Node";
    }

    /// <summary>The node's addresses.</summary>
    public NodeStatus? Status { get; init; }
}

/// <summary>Node status.</summary>
public sealed record NodeStatus : KubernetesModel
{
    /// <summary>The node's addresses by type.</summary>
    public IReadOnlyList<NodeAddress>? Addresses { get; init; }
}

/// <summary>status.addresses[] of a Node.</summary>
public sealed record NodeAddress : KubernetesModel
{
    /// <summary>InternalIP, ExternalIP, Hostname, InternalDNS or ExternalDNS.</summary>
    public string? Type { get; init; }
    /// <summary>The address or DNS name, of the kind <see cref="Type"/> says.</summary>
    public string? Address { get; init; }
}
