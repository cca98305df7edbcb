namespace Gimbal.Discovery.OpenStack.Mapping;

/// <summary>Stable codes of the diagnostics the OpenStack mapping gives.</summary>
public static class OpenStackDiagnosticCodes
{
    /// <summary>The project name is not a valid namespace name; none of its load balancers is mirrored.</summary>
    public const string InvalidProjectName = "InvalidProjectName";
    /// <summary>A load balancer ID is missing, repeated, or cannot be part of a Kubernetes name; it is not mirrored.</summary>
    public const string InvalidLoadBalancer = "InvalidLoadBalancer";
    /// <summary>A load balancer has no usable listener; it is not mirrored.</summary>
    public const string LoadBalancerWithoutListeners = "LoadBalancerWithoutListeners";
    /// <summary>A listener has no valid protocol_port, or shares its port with another; it is left out.</summary>
    public const string InvalidListener = "InvalidListener";
    /// <summary>A listener has no default pool; its port has no endpoints.</summary>
    public const string ListenerWithoutPool = "ListenerWithoutPool";
    /// <summary>A listener's default pool is not in the project; its port has no endpoints.</summary>
    public const string PoolNotFound = "PoolNotFound";
    /// <summary>A listener's default pool has no members; its port has no endpoints.</summary>
    public const string PoolWithoutMembers = "PoolWithoutMembers";
    /// <summary>A member has no valid address or port; it is left out.</summary>
    public const string InvalidMember = "InvalidMember";
    /// <summary>An element of a list answer could not be read as JSON of the expected shape; it is skipped.</summary>
    public const string UnreadableItem = "UnreadableItem";
}
