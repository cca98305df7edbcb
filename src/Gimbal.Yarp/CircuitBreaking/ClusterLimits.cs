using System.Text.Json;
using Gimbal.Core.Routing;
using Gimbal.Yarp.Translation;
using Yarp.ReverseProxy.Configuration;

namespace Gimbal.Yarp.CircuitBreaking;

/// <summary>
/// A cluster's circuit-breaker limits as the pipeline applies them; unset limits are unlimited.
/// With one request per HTTP/1.1 connection, requests beyond <c>MaxConnections</c> wait for a
/// connection: those are Envoy's pending requests, so <c>MaxConnections + MaxPendingRequests</c>
/// bounds the requests in flight, as does <c>MaxRequests</c>.
/// </summary>
internal sealed record ClusterLimits(int MaxInFlight, int MaxRetries)
{
    public const string MetadataKey = "gimbal.breakers";

    public static ClusterLimits Unlimited { get; } = new(int.MaxValue, int.MaxValue);

    public bool LimitsRequests => MaxInFlight != int.MaxValue;

    public static string ToJson(CircuitBreakers breakers) => JsonSerializer.Serialize(breakers, YarpJson.Options);

    public static ClusterLimits From(ClusterConfig config)
    {
        if (config.Metadata?.GetValueOrDefault(MetadataKey) is not { } json
            || JsonSerializer.Deserialize<CircuitBreakers>(json, YarpJson.Options) is not { } breakers)
        {
            return Unlimited;
        }

        var inFlight = long.MaxValue;
        if (breakers.MaxRequests is { } requests)
        {
            inFlight = Math.Max(0, requests);
        }

        if (breakers is { MaxConnections: { } connections, MaxPendingRequests: { } pending })
        {
            inFlight = Math.Min(inFlight, (long)Math.Max(0, connections) + Math.Max(0, pending));
        }

        return new ClusterLimits((int)Math.Min(inFlight, int.MaxValue), breakers.MaxRetries is { } retries ? Math.Max(0, retries) : int.MaxValue);
    }
}
