using Gimbal.Core.Diagnostics;
using Gimbal.Discovery.Mirroring;

namespace Gimbal.Discovery.OpenStack.Mapping;

/// <summary>What the mapping made of one cycle's inventory: the Services to mirror, why anything was left out, and the totals behind the metrics.</summary>
public sealed record MappingResult(IReadOnlyList<MirroredService> Services, IReadOnlyList<Diagnostic> Diagnostics, MappingTotals Totals);

/// <summary>
/// The upstream and invalid totals (a service is a load balancer, an endpoint a member of a listener's default
/// pool): services per namespace, endpoints per (namespace, mirrored service name).
/// </summary>
public sealed class MappingTotals
{
    public Dictionary<string, int> UpstreamServices { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, int> InvalidServices { get; } = new(StringComparer.Ordinal);

    public Dictionary<(string Namespace, string Service), int> UpstreamEndpoints { get; } = [];

    public Dictionary<(string Namespace, string Service), int> InvalidEndpoints { get; } = [];

    internal void AddService(string ns, bool invalid)
    {
        UpstreamServices[ns] = UpstreamServices.GetValueOrDefault(ns) + 1;
        InvalidServices[ns] = InvalidServices.GetValueOrDefault(ns) + (invalid ? 1 : 0);
    }

    internal void AddEndpoints(string ns, string service, int upstream, int invalid)
    {
        UpstreamEndpoints[(ns, service)] = UpstreamEndpoints.GetValueOrDefault((ns, service)) + upstream;
        InvalidEndpoints[(ns, service)] = InvalidEndpoints.GetValueOrDefault((ns, service)) + invalid;
    }
}
