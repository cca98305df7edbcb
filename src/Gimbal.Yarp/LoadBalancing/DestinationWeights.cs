using System.Globalization;
using System.Runtime.CompilerServices;
using Gimbal.Yarp.Translation;
using Yarp.ReverseProxy.Model;

namespace Gimbal.Yarp.LoadBalancing;

/// <summary>Endpoint weights (LbEndpoint.Weight), read once per destination config from its metadata.</summary>
internal static class DestinationWeights
{
    private static readonly ConditionalWeakTable<DestinationModel, StrongBox<int>> Cache = new();

    public static int Of(DestinationState destination) =>
        Cache.GetValue(destination.Model, static m => new StrongBox<int>(Parse(m.Config.Metadata))).Value;

    public static bool AllEqual(IReadOnlyList<DestinationState> destinations)
    {
        var first = Of(destinations[0]);
        for (var i = 1; i < destinations.Count; i++)
        {
            if (Of(destinations[i]) != first)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The destination that owns position <paramref name="point"/> of the cumulative weights.</summary>
    public static DestinationState AtPoint(IReadOnlyList<DestinationState> destinations, long point)
    {
        foreach (var destination in destinations)
        {
            point -= Of(destination);
            if (point < 0)
            {
                return destination;
            }
        }

        return destinations[^1];
    }

    public static long Total(IReadOnlyList<DestinationState> destinations)
    {
        long total = 0;
        foreach (var destination in destinations)
        {
            total += Of(destination);
        }

        return total;
    }

    private static int Parse(IReadOnlyDictionary<string, string>? metadata) =>
        metadata is not null && metadata.TryGetValue(ClusterDescriptor.WeightKey, out var text)
            && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var weight) && weight > 0
            ? weight
            : 1;
}
