using System.Runtime.CompilerServices;
using Gimbal.Core.Routing;
using Gimbal.Yarp.Translation;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.LoadBalancing;
using Yarp.ReverseProxy.Model;

namespace Gimbal.Yarp.LoadBalancing;

/// <summary>
/// The one YARP load-balancing policy every Gimbal cluster uses: draws a split member by weight
/// (a plain cluster has one member), then applies that member's strategy to its available
/// destinations. State (round-robin counters, hash rings) hangs off YARP's cluster model, so it
/// lives exactly as long as the cluster's config does.
/// </summary>
internal sealed class GimbalLoadBalancingPolicy : ILoadBalancingPolicy
{
    private readonly ConditionalWeakTable<ClusterModel, ClusterPlan> _plans = new();

    public string Name => GimbalLoadBalancingPolicyName.Value;

    public DestinationState? PickDestination(HttpContext context, ClusterState cluster, IReadOnlyList<DestinationState> availableDestinations)
    {
        if (availableDestinations.Count == 0)
        {
            return null;
        }

        var (member, destinations) = PlanOf(cluster.Model).ChooseMember(availableDestinations);
        if (destinations.Count == 0)
        {
            return null;
        }

        return Pick(member, destinations, context.Request);
    }

    /// <summary>The members and their state (round-robin counters) of a cluster config; shared with the fast lane.</summary>
    internal ClusterPlan PlanOf(ClusterModel model) =>
        _plans.GetValue(model, static m => new ClusterPlan(ClusterDescriptor.FromMetadata(m.Config.Metadata)));

    /// <summary>
    /// <paramref name="member"/>'s strategy applied to its available <paramref name="destinations"/> (not empty);
    /// <paramref name="request"/> only feeds RingHash's key, and may be null for the other strategies.
    /// </summary>
    internal static DestinationState Pick(MemberState member, IReadOnlyList<DestinationState> destinations, HttpRequest? request)
    {
        // Endpoint weights (e.g. per EndpointSlice) matter only when they differ; the common case stays cheap.
        var weighted = destinations.Count > 1 && !DestinationWeights.AllEqual(destinations);
        return member.LoadBalancing.Strategy switch
        {
            LoadBalancingStrategy.RoundRobin when weighted =>
                DestinationWeights.AtPoint(destinations, (uint)member.NextRoundRobin() % DestinationWeights.Total(destinations)),
            LoadBalancingStrategy.RoundRobin => destinations[(int)((uint)member.NextRoundRobin() % (uint)destinations.Count)],
            LoadBalancingStrategy.LeastRequest => LeastRequest(destinations),
            LoadBalancingStrategy.Random when weighted => DestinationWeights.AtPoint(destinations, Random.Shared.NextInt64(DestinationWeights.Total(destinations))),
            LoadBalancingStrategy.Random => destinations[Random.Shared.Next(destinations.Count)],
            LoadBalancingStrategy.PowerOfTwoChoices => PowerOfTwo(destinations),
            LoadBalancingStrategy.RingHash => member.Ring(destinations).Pick(request is null ? null : HashKey(request, member.LoadBalancing))
                ?? destinations[Random.Shared.Next(destinations.Count)],
            _ => destinations[0],
        };
    }

    private static DestinationState LeastRequest(IReadOnlyList<DestinationState> destinations)
    {
        var best = destinations[0];
        for (var i = 1; i < destinations.Count; i++)
        {
            if (Load(destinations[i]) < Load(best))
            {
                best = destinations[i];
            }
        }

        return best;
    }

    private static DestinationState PowerOfTwo(IReadOnlyList<DestinationState> destinations)
    {
        if (destinations.Count == 1)
        {
            return destinations[0];
        }

        var a = Random.Shared.Next(destinations.Count);
        var b = Random.Shared.Next(destinations.Count - 1);
        if (b >= a)
        {
            b++;
        }

        return Load(destinations[a]) <= Load(destinations[b]) ? destinations[a] : destinations[b];
    }

    /// <summary>Requests in flight relative to weight: a weight-2 endpoint takes twice the load.</summary>
    private static double Load(DestinationState destination) => destination.ConcurrentRequestCount / (double)DestinationWeights.Of(destination);

    private static string? HashKey(HttpRequest request, LoadBalancerPolicy policy)
    {
        if (policy.HashHeader is { Length: > 0 } header && request.Headers.TryGetValue(header, out var value) && value.Count > 0)
        {
            return value.ToString();
        }

        return policy.HashCookie is { Length: > 0 } cookie ? request.Cookies[cookie] : null;
    }
}
