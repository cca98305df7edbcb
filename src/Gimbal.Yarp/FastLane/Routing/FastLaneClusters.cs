using System.Runtime.CompilerServices;
using Gimbal.Core.Routing;
using Gimbal.Yarp.CircuitBreaking;
using Gimbal.Yarp.LoadBalancing;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Model;

namespace Gimbal.Yarp.FastLane.Routing;

/// <summary>
/// Picks a destination for a fast-lane request from YARP's own cluster state, so active health
/// checks, passive ejection and endpoint changes apply to both lanes alike, with the same split and
/// round-robin state as <see cref="GimbalLoadBalancingPolicy"/>. Clusters the fast lane cannot
/// serve exactly (HTTP/2 or TLS upstreams, circuit breakers, strategies that count requests in
/// flight or hash) give null, and their requests go to the full pipeline.
/// </summary>
internal sealed class FastLaneClusters(IProxyStateLookup state, GimbalLoadBalancingPolicy policy, IOptions<GimbalYarpOptions> options)
{
    private readonly ConditionalWeakTable<ClusterModel, ClusterPlanBox> _plans = new();
    private readonly ConditionalWeakTable<DestinationModel, AddressBox> _addresses = new();

    public UpstreamAddress? Pick(string clusterId)
    {
        if (!state.TryGetCluster(clusterId, out var cluster) || cluster.Model is not { } model)
        {
            return null;
        }

        var plan = _plans.GetValue(model, m =>
        {
            var shared = policy.PlanOf(m);
            return new ClusterPlanBox(Servable(m, shared) ? shared : null);
        }).Plan;
        var available = cluster.DestinationsState?.AvailableDestinations;
        if (plan is null || available is null || available.Count == 0)
        {
            return null;
        }

        var (member, destinations) = plan.ChooseMember(available);
        if (destinations.Count == 0)
        {
            return null;
        }

        var destination = GimbalLoadBalancingPolicy.Pick(member, destinations, request: null);
        return _addresses.GetValue(destination.Model, static d => new AddressBox(UpstreamAddress.Parse(d.Config.Address))).Address;
    }

    private bool Servable(ClusterModel model, ClusterPlan plan)
    {
        var config = model.Config;
        if (options.Value.PropagateTraceContext
            || config.HttpRequest?.Version is { } version && version != new Version(1, 1)
            || config.Metadata?.ContainsKey(ClusterLimits.MetadataKey) == true
            || config.HttpClient?.MaxConnectionsPerServer is not null)
        {
            return false;
        }

        return plan.Members.All(m => m.LoadBalancing.Strategy is LoadBalancingStrategy.RoundRobin or LoadBalancingStrategy.Random);
    }

    private sealed record ClusterPlanBox(ClusterPlan? Plan);

    private sealed record AddressBox(UpstreamAddress? Address);
}
