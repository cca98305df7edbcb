using Gimbal.Core.Kubernetes;
using Gimbal.Core.Naming;
using Gimbal.Discovery.Mirroring;

namespace Gimbal.Discovery.Kubernetes;

/// <summary>
/// Maps an upstream cluster's Services and Endpoints to their mirrors in the Gimbal cluster, as the original
/// Gimbal did: "&lt;backend&gt;-&lt;name&gt;" in the same namespace, headless, ports and labels and annotations
/// copied, plus the backend and service labels. Pure: no I/O.
/// </summary>
public sealed class KubernetesMirrorMapper(string backendName, KubernetesDiscovererOptions options)
{
    /// <summary>The namespace that is never mirrored, whatever the allow list says.</summary>
    public const string KubeSystem = "kube-system";

    /// <summary>The backend's name: the prefix of mirror names and the value of the backend label.</summary>
    public string BackendName { get; } = backendName;

    /// <summary>
    /// Whether an upstream Service is mirrored: not in kube-system, not default/kubernetes, not itself a mirror
    /// (so two discoverers pointed at each other cannot loop), and allowed by the namespace lists.
    /// </summary>
    public bool ShouldMirror(Service service)
    {
        var ns = service.Metadata.Namespace ?? string.Empty;
        if (IsApiServerService(service) || !ShouldMirrorNamespace(ns))
        {
            return false;
        }

        return service.Metadata.Labels?.ContainsKey(GimbalLabels.Backend) != true;
    }

    /// <summary>Whether Services of namespace <paramref name="ns"/> are mirrored: not kube-system, not denied, and allowed (an empty allow list allows all).</summary>
    /// <param name="ns">An upstream namespace.</param>
    public bool ShouldMirrorNamespace(string ns) =>
        ns != KubeSystem && !options.DenyNamespaces.Contains(ns) && (options.AllowNamespaces.Count == 0 || options.AllowNamespaces.Contains(ns));

    /// <summary>default/kubernetes: the upstream API server itself, never mirrored nor counted.</summary>
    public static bool IsApiServerService(Service service) => service.Metadata.Namespace == "default" && service.Metadata.Name == "kubernetes";

    /// <summary>The name of the mirror of upstream Service <paramref name="upstreamName"/>: "&lt;backend&gt;-&lt;name&gt;", shortened with a hash to 63 characters when longer.</summary>
    /// <param name="upstreamName">The upstream Service's name.</param>
    public string MirroredName(string upstreamName) => GimbalNames.BuildDiscoveredName(BackendName, upstreamName);

    /// <summary>The mirror of <paramref name="service"/> with <paramref name="endpoints"/> (null: no endpoints yet).</summary>
    public MirroredService Map(Service service, Endpoints? endpoints)
    {
        ArgumentNullException.ThrowIfNull(service);
        var upstreamName = service.Metadata.Name ?? string.Empty;
        var name = MirroredName(upstreamName);
        var labels = GimbalLabels.With(service.Metadata.Labels, BackendName, upstreamName);
        var spec = service.Spec ?? new ServiceSpec();
        var ports = (spec.Ports ?? []).Select(p => new ServicePort { Name = p.Name, Port = p.Port, TargetPort = p.TargetPort, Protocol = p.Protocol }).ToList();
        var mirroredSpec = spec.Type == "ExternalName"
            ? new ServiceSpec { Type = "ExternalName", ExternalName = spec.ExternalName, Ports = ports }
            : new ServiceSpec { Type = "ClusterIP", ClusterIP = "None", Ports = ports };

        var mirror = new Service
        {
            Metadata = new ObjectMeta { Name = name, Namespace = service.Metadata.Namespace, Labels = labels, Annotations = Copy(service.Metadata.Annotations) },
            Spec = mirroredSpec,
        };

        var mirroredEndpoints = new Endpoints
        {
            Metadata = new ObjectMeta { Name = name, Namespace = service.Metadata.Namespace, Labels = labels },
            Subsets = (endpoints?.Subsets ?? [])
                .Select(s => new EndpointSubset
                {
                    Addresses = NullIfEmpty(s.Addresses?.Select(CopyAddress).ToList()),
                    NotReadyAddresses = NullIfEmpty(s.NotReadyAddresses?.Select(CopyAddress).ToList()),
                    Ports = s.Ports?.Select(p => new EndpointPort { Name = p.Name, Port = p.Port, Protocol = p.Protocol }).ToList(),
                })
                .Where(s => s.Addresses is not null || s.NotReadyAddresses is not null)
                .ToList(),
        };

        return new MirroredService(mirror, mirroredEndpoints);
    }

    /// <summary>Endpoints rebuilt from upstream EndpointSlices, for upstreams whose Endpoints are not maintained.</summary>
    public static Endpoints EndpointsFromSlices(string ns, string serviceName, IEnumerable<EndpointSlice> slices)
    {
        var subsets = new List<EndpointSubset>();
        foreach (var slice in slices.Where(s => s.AddressType is "IPv4" or "IPv6").OrderBy(s => s.Metadata.Name, StringComparer.Ordinal))
        {
            var ready = new List<EndpointAddress>();
            var notReady = new List<EndpointAddress>();
            foreach (var endpoint in slice.Endpoints ?? [])
            {
                foreach (var address in endpoint.Addresses ?? [])
                {
                    (endpoint.Conditions?.Ready ?? true ? ready : notReady).Add(new EndpointAddress { Ip = address, Hostname = endpoint.Hostname });
                }
            }

            if (ready.Count + notReady.Count > 0)
            {
                subsets.Add(new EndpointSubset
                {
                    Addresses = NullIfEmpty(ready),
                    NotReadyAddresses = NullIfEmpty(notReady),
                    Ports = slice.Ports?.Select(p => new EndpointPort { Name = p.Name, Port = p.Port, Protocol = p.Protocol }).ToList(),
                });
            }
        }

        return new Endpoints { Metadata = new ObjectMeta { Name = serviceName, Namespace = ns }, Subsets = subsets };
    }

    // Pods, nodes and their UIDs do not exist in the Gimbal cluster: only the address and hostname travel.
    private static EndpointAddress CopyAddress(EndpointAddress address) => new() { Ip = address.Ip, Hostname = address.Hostname };

    private static Dictionary<string, string>? Copy(IReadOnlyDictionary<string, string>? source) =>
        source is null ? null : new Dictionary<string, string>(source, StringComparer.Ordinal);

    private static List<EndpointAddress>? NullIfEmpty(List<EndpointAddress>? list) => list is { Count: > 0 } ? list : null;
}
