using Gimbal.Core.Kubernetes;

namespace Gimbal.Discovery.Mirroring;

/// <summary>
/// What one discoverer reports in one read of its source: the Services and their Endpoints as they
/// should exist in the Gimbal cluster (already named and labelled for this backend). The mirroring
/// engine makes the Gimbal cluster match it.
/// </summary>
public sealed record MirrorSet
{
    /// <summary>The discoverer's backend name (gimbal.projectcontour.io/backend).</summary>
    public required string BackendName { get; init; }

    /// <summary>"kubernetes" or "openstack": the backendtype metric label.</summary>
    public required string BackendType { get; init; }

    /// <summary>Every Service that should exist for this backend, with its Endpoints; a mirror of this backend not listed here is deleted (unless its namespace is incomplete).</summary>
    public required IReadOnlyList<MirroredService> Services { get; init; }

    /// <summary>
    /// Namespaces whose read failed or was cut short: the engine deletes nothing in them. When
    /// <see cref="Complete"/> is false, nothing is deleted anywhere.
    /// </summary>
    public IReadOnlySet<string> IncompleteNamespaces { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>False when the read of the source failed or is partial as a whole.</summary>
    public bool Complete { get; init; } = true;
}

/// <summary>One mirrored Service with its Endpoints (EndpointSlices are derived from these by the engine).</summary>
/// <param name="Service">The mirror Service, named and labelled for the backend.</param>
/// <param name="Endpoints">Its Endpoints, of the same name; empty subsets when the upstream has none.</param>
public sealed record MirroredService(Service Service, Endpoints Endpoints);
