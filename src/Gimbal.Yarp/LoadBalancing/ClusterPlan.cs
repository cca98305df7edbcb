using System.Runtime.CompilerServices;
using Gimbal.Core.Routing;
using Gimbal.Yarp.Translation;
using Yarp.ReverseProxy.Model;

namespace Gimbal.Yarp.LoadBalancing;

/// <summary>The split members of one YARP cluster and their per-member state.</summary>
internal sealed class ClusterPlan
{
    private readonly MemberState[] _members;

    public ClusterPlan(ClusterDescriptor? descriptor)
    {
        _members = descriptor is null || descriptor.Members.Count == 0
            ? [new MemberState(new SplitMember(string.Empty, 1, new LoadBalancerPolicy()))]
            : descriptor.Members.Select(m => new MemberState(m)).ToArray();
    }

    /// <summary>The split members, in order (one for a plain cluster).</summary>
    public IEnumerable<SplitMember> Members => _members.Select(m => m.Member);

    /// <summary>
    /// Draws a member by weight among the members that have an available destination, so a member
    /// whose endpoints are all down or ejected does not turn its share of traffic into errors.
    /// </summary>
    public (MemberState Member, IReadOnlyList<DestinationState> Destinations) ChooseMember(IReadOnlyList<DestinationState> available)
    {
        if (_members.Length == 1)
        {
            return (_members[0], available);
        }

        var groups = new List<DestinationState>?[_members.Length];
        long total = 0;
        foreach (var destination in available)
        {
            var index = IndexOf(destination);
            if (index < 0)
            {
                continue;
            }

            if (groups[index] is null)
            {
                total += _members[index].Member.Weight;
            }

            (groups[index] ??= []).Add(destination);
        }

        if (total == 0)
        {
            return (_members[0], []);
        }

        var draw = Random.Shared.NextInt64(total);
        for (var i = 0; i < _members.Length; i++)
        {
            if (groups[i] is null)
            {
                continue;
            }

            draw -= _members[i].Member.Weight;
            if (draw < 0)
            {
                return (_members[i], groups[i]!);
            }
        }

        return (_members[0], []);
    }

    private int IndexOf(DestinationState destination)
    {
        var name = destination.Model.Config.Metadata?.GetValueOrDefault(ClusterDescriptor.MemberKey);
        for (var i = 0; i < _members.Length; i++)
        {
            if (string.Equals(_members[i].Member.ClusterName, name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}

/// <summary>One member's round-robin counter and hash rings.</summary>
internal sealed class MemberState(SplitMember member)
{
    private readonly ConditionalWeakTable<IReadOnlyList<DestinationState>, HashRing> _rings = new();
    private int _next = -1;

    public SplitMember Member => member;

    public LoadBalancerPolicy LoadBalancing => member.LoadBalancing;

    public int NextRoundRobin() => Interlocked.Increment(ref _next);

    /// <summary>
    /// The ring for this exact destination list. YARP hands out the same list instance until
    /// health or membership changes, so a plain cluster builds its ring once per change; a split
    /// member's list is rebuilt per request and its ring with it (splits rarely hash).
    /// </summary>
    public HashRing Ring(IReadOnlyList<DestinationState> destinations) => _rings.GetValue(destinations, static d => new HashRing(d));
}
