using Gimbal.Core.Kubernetes;
using KubeEndpoints = Gimbal.Core.Kubernetes.Endpoints;

namespace Gimbal.Core.Compilation;

/// <summary>
/// The current objects behind one Service's endpoints, as a watch event hands them over: what
/// <see cref="RouteCompiler.UpdateEndpoints(CompileResult, IEnumerable{ServiceEndpoints})"/> needs to
/// recompute that Service's clusters without scanning a whole snapshot.
/// </summary>
/// <param name="Namespace">The Service's namespace.</param>
/// <param name="Name">The Service's name.</param>
/// <param name="Service">The Service; null when it was deleted.</param>
/// <param name="Endpoints">Its Endpoints; null when there are none.</param>
/// <param name="Slices">Its EndpointSlices (kubernetes.io/service-name label); empty when there are none.</param>
public sealed record ServiceEndpoints(string Namespace, string Name, Service? Service, KubeEndpoints? Endpoints, IReadOnlyList<EndpointSlice> Slices)
{
    /// <summary>"namespace/name" of the Service.</summary>
    public string Key => Namespace + "/" + Name;

    /// <summary>Finds the objects of Service "namespace/name" in a snapshot (a linear scan).</summary>
    public static ServiceEndpoints? From(ResourceSnapshot snapshot, string serviceKey) => From(snapshot, serviceKey, null);

    internal static ServiceEndpoints? From(ResourceSnapshot snapshot, string serviceKey, SnapshotIndex? known)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var slash = serviceKey?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        if (serviceKey is null || slash <= 0 || slash == serviceKey.Length - 1)
        {
            return null;
        }

        var ns = serviceKey[..slash];
        var name = serviceKey[(slash + 1)..];
        var (service, endpoints, slices) = SnapshotIndex.FindForService(snapshot, ns, name, known);
        return new ServiceEndpoints(ns, name, service, endpoints, slices);
    }
}
