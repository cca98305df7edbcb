namespace Gimbal.Discovery.OpenStack.Model;

/// <summary>
/// Everything read for one project in one cycle: its load balancers, listeners, pools, and each pool's members.
/// Items whose JSON could not be read at all are counted in <see cref="UnreadableItems"/>.
/// </summary>
public sealed record ProjectInventory(
    Project Project,
    IReadOnlyList<LoadBalancer> LoadBalancers,
    IReadOnlyList<Listener> Listeners,
    IReadOnlyList<Pool> Pools,
    IReadOnlyDictionary<string, IReadOnlyList<Member>> MembersByPool)
{
    public IReadOnlyList<string> UnreadableItems { get; init; } = [];
}
