using Gimbal.Core.Diagnostics;
using Gimbal.Discovery.Mirroring;

namespace Gimbal.Discovery.OpenStack.Mapping;

/// <summary>What the mapping made of one cycle's inventory: the Services to mirror, why anything was left out, and the totals behind the metrics.</summary>
/// <param name="Services">The Services (with Endpoints) to mirror.</param>
/// <param name="Diagnostics">Why projects, load balancers, listeners or members were left out, with <see cref="OpenStackDiagnosticCodes"/> codes.</param>
/// <param name="Totals">The upstream and invalid totals for the discoverer metrics.</param>
public sealed record MappingResult(IReadOnlyList<MirroredService> Services, IReadOnlyList<Diagnostic> Diagnostics, MappingTotals Totals);

/// <summary>
/// The upstream and invalid totals (a service is a load balancer, an endpoint a member of a listener's default
/// pool): services per namespace, endpoints per (namespace, mirrored service name).
/// </summary>
public sealed class MappingTotals
{
    /// <summary>Load balancers read, per namespace (project name).</summary>
    public Dictionary<string, int> UpstreamServices { get; } = new(StringComparer.Ordinal);

    /// <summary>Load balancers that could not be mirrored, per namespace.</summary>
    public Dictionary<string, int> InvalidServices { get; } = new(StringComparer.Ordinal);

    /// <summary>Members of listeners' default pools, per (namespace, mirrored service name).</summary>
    public Dictionary<(string Namespace, string Service), int> UpstreamEndpoints { get; } = [];

    /// <summary>Members left out (invalid address or port, or in a project that cannot be a namespace), per (namespace, mirrored service name).</summary>
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
