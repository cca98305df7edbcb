using Gimbal.Core.Kubernetes;
using KubeEndpoints = Gimbal.Core.Kubernetes.Endpoints;

namespace Gimbal.Core.Compilation;

/// <summary>
/// The current objects behind one Service's endpoints, as a watch event hands them over: what
/// <see cref="RouteCompiler.UpdateEndpoints(CompileResult, IEnumerable{ServiceEndpoints})"/> needs to
/// recompute that Service's clusters without scanning a whole snapshot.
/// </summary>
public sealed record ServiceEndpoints(string Namespace, string Name, Service? Service, KubeEndpoints? Endpoints, IReadOnlyList<EndpointSlice> Slices)
{
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
