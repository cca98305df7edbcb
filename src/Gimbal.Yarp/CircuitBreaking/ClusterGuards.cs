using System.Runtime.CompilerServices;
using Yarp.ReverseProxy.Model;

namespace Gimbal.Yarp.CircuitBreaking;

/// <summary>
/// Limits and load per YARP cluster. Limits are parsed once per cluster config (a new
/// <see cref="ClusterModel"/>); the load hangs off the cluster's state, which outlives config
/// changes, so requests in flight across a change still count.
/// </summary>
internal sealed class ClusterGuards
{
    private readonly ConditionalWeakTable<ClusterModel, ClusterLimits> _limits = new();
    private readonly ConditionalWeakTable<ClusterState, ClusterLoad> _load = new();

    public ClusterLimits LimitsOf(ClusterModel model) => _limits.GetValue(model, static m => ClusterLimits.From(m.Config));

    public ClusterLoad LoadOf(ClusterState cluster) => _load.GetOrCreateValue(cluster);
}
