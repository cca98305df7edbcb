using Gimbal.Core.Routing;

namespace Gimbal.Core.Compilation.EndpointTables;

/// <summary>Buffers reused across the clusters of one build, so building 20 000 clusters does not allocate 20 000 of each.</summary>
internal sealed class EndpointScratch
{
    public List<(LbEndpoint Endpoint, int Arrival)> Candidates { get; } = [];

    public Dictionary<string, EndpointLocality> Localities { get; } = new(StringComparer.Ordinal);
}
