namespace Gimbal.Discovery.OpenStack.Model;

/// <summary>
/// Everything read for one project in one cycle: its load balancers, listeners, pools, and each pool's members.
/// Items whose JSON could not be read at all are counted in <see cref="UnreadableItems"/>.
/// </summary>
/// <param name="Project">The project.</param>
/// <param name="LoadBalancers">Its load balancers.</param>
/// <param name="Listeners">Its listeners.</param>
/// <param name="Pools">Its pools.</param>
/// <param name="MembersByPool">Each pool's members, by pool ID.</param>
public sealed record ProjectInventory(
    Project Project,
    IReadOnlyList<LoadBalancer> LoadBalancers,
    IReadOnlyList<Listener> Listeners,
    IReadOnlyList<Pool> Pools,
    IReadOnlyDictionary<string, IReadOnlyList<Member>> MembersByPool)
{
    /// <summary>A message per list element that could not be read (they become UnreadableItem diagnostics).</summary>
    public IReadOnlyList<string> UnreadableItems { get; init; } = [];
}
