namespace Gimbal.Discovery.OpenStack.Mapping;

/// <summary>Stable codes of the diagnostics the OpenStack mapping gives.</summary>
public static class OpenStackDiagnosticCodes
{
    public const string InvalidProjectName = "InvalidProjectName";
    public const string InvalidLoadBalancer = "InvalidLoadBalancer";
    public const string LoadBalancerWithoutListeners = "LoadBalancerWithoutListeners";
    public const string InvalidListener = "InvalidListener";
    public const string ListenerWithoutPool = "ListenerWithoutPool";
    public const string PoolNotFound = "PoolNotFound";
    public const string PoolWithoutMembers = "PoolWithoutMembers";
    public const string InvalidMember = "InvalidMember";
    public const string UnreadableItem = "UnreadableItem";
}
