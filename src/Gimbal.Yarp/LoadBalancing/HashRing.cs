using System.Text;
using Yarp.ReverseProxy.Model;

namespace Gimbal.Yarp.LoadBalancing;

/// <summary>
/// A consistent-hash ring over destination ids: the same key lands on the same destination while
/// membership is stable, and a membership change moves only about 1/n of the keys.
/// </summary>
internal sealed class HashRing
{
    private const int PointsPerDestination = 160;
    private readonly ulong[] _points;
    private readonly DestinationState[] _owners;

    public HashRing(IReadOnlyList<DestinationState> destinations)
    {
        var ring = new List<(ulong Hash, DestinationState Owner)>(destinations.Count * PointsPerDestination);
        foreach (var destination in destinations)
        {
            var points = PointsPerDestination * Math.Min(DestinationWeights.Of(destination), 16);
            for (var i = 0; i < points; i++)
            {
                ring.Add((Hash($"{destination.DestinationId}-{i}"), destination));
            }
        }

        ring.Sort((a, b) => a.Hash != b.Hash ? a.Hash.CompareTo(b.Hash) : string.CompareOrdinal(a.Owner.DestinationId, b.Owner.DestinationId));
        _points = ring.Select(p => p.Hash).ToArray();
        _owners = ring.Select(p => p.Owner).ToArray();
    }

    public DestinationState? Pick(string? key)
    {
        if (key is null || _points.Length == 0)
        {
            return null;
        }

        var index = Array.BinarySearch(_points, Hash(key));
        if (index < 0)
        {
            index = ~index;
        }

        return _owners[index == _points.Length ? 0 : index];
    }

    /// <summary>FNV-1a over UTF-8 with a final avalanche: stable across processes, unlike string.GetHashCode.</summary>
    private static ulong Hash(string value)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        hash ^= hash >> 33;
        hash *= 0xff51afd7ed558ccdUL;
        hash ^= hash >> 33;
        hash *= 0xc4ceb9fe1a85ec53UL;
        return hash ^ (hash >> 33);
    }
}
