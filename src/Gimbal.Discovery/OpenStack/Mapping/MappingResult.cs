using Gimbal.Core.Diagnostics;
using Gimbal.Discovery.Mirroring;

namespace Gimbal.Discovery.OpenStack.Mapping;

/// <summary>
/// What the mapping made of one cycle's inventory: the Services to mirror, why anything was left out, and
/// the counts behind the upstream and invalid metrics (services are load balancers, endpoints are members).
/// </summary>
public sealed record MappingResult(
    IReadOnlyList<MirroredService> Services,
    IReadOnlyList<Diagnostic> Diagnostics,
    IReadOnlyDictionary<string, NamespaceCounts> Counts);

/// <summary>Per namespace: how many services and endpoints upstream has, and how many of them were invalid.</summary>
public sealed record NamespaceCounts(int UpstreamServices, int InvalidServices, int UpstreamEndpoints, int InvalidEndpoints)
{
    public static NamespaceCounts Zero { get; } = new(0, 0, 0, 0);

    public NamespaceCounts Add(NamespaceCounts other) =>
        new(UpstreamServices + other.UpstreamServices, InvalidServices + other.InvalidServices, UpstreamEndpoints + other.UpstreamEndpoints, InvalidEndpoints + other.InvalidEndpoints);
}
