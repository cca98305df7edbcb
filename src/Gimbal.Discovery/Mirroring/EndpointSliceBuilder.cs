using System.Net;
using System.Net.Sockets;
using Gimbal.Core.Kubernetes;

namespace Gimbal.Discovery.Mirroring;

/// <summary>
/// Derives discovery.k8s.io/v1 EndpointSlices from mirrored Endpoints: one slice per subset and address family
/// (a slice carries one port list and one address type), at most <see cref="MaxEndpointsPerSlice"/> endpoints each.
/// Names are deterministic so a resync recomputes the same slices and writes nothing.
/// </summary>
public static class EndpointSliceBuilder
{
    /// <summary>The most endpoints one slice holds (Kubernetes' own limit); larger subsets are split over several slices.</summary>
    public const int MaxEndpointsPerSlice = 1000;

    /// <summary>The slices of <paramref name="endpoints"/>: its labels copied plus kubernetes.io/service-name and endpointslice.kubernetes.io/managed-by; empty when it has no subsets.</summary>
    /// <param name="endpoints">A mirrored Endpoints, already named and labelled.</param>
    public static IReadOnlyList<EndpointSlice> Build(Endpoints endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var name = endpoints.Metadata.Name ?? string.Empty;
        var labels = new Dictionary<string, string>(endpoints.Metadata.Labels ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        labels.Remove(MirrorLabels.SkipMirror);
        labels[MirrorLabels.ServiceName] = name;
        labels[MirrorLabels.ManagedBy] = MirrorLabels.ManagedByGimbal;

        var slices = new List<EndpointSlice>();
        var subsets = endpoints.Subsets ?? [];
        for (var i = 0; i < subsets.Count; i++)
        {
            var subset = subsets[i];
            var all = (subset.Addresses ?? []).Select(a => (Address: a, Ready: true))
                .Concat((subset.NotReadyAddresses ?? []).Select(a => (Address: a, Ready: false)))
                .Where(a => IPAddress.TryParse(a.Address.Ip, out _))
                .ToList();
            foreach (var family in new[] { AddressFamily.InterNetwork, AddressFamily.InterNetworkV6 })
            {
                var members = all.Where(a => IPAddress.Parse(a.Address.Ip!).AddressFamily == family).ToList();
                for (var chunk = 0; chunk * MaxEndpointsPerSlice < members.Count; chunk++)
                {
                    var suffix = family == AddressFamily.InterNetwork ? $"{i}" : $"v6-{i}";
                    if (chunk > 0)
                    {
                        suffix += $"-{chunk}";
                    }

                    slices.Add(new EndpointSlice
                    {
                        Metadata = new ObjectMeta
                        {
                            Name = $"{name}-{suffix}",
                            Namespace = endpoints.Metadata.Namespace,
                            Labels = labels,
                            Annotations = endpoints.Metadata.Annotations,
                        },
                        AddressType = family == AddressFamily.InterNetwork ? "IPv4" : "IPv6",
                        Endpoints = members.Skip(chunk * MaxEndpointsPerSlice).Take(MaxEndpointsPerSlice)
                            .Select(a => new SliceEndpoint
                            {
                                Addresses = [a.Address.Ip!],
                                Hostname = a.Address.Hostname,
                                Conditions = new EndpointConditions { Ready = a.Ready, Serving = a.Ready, Terminating = false },
                            })
                            .ToList(),
                        Ports = (subset.Ports ?? []).Select(p => new EndpointPort { Name = p.Name ?? string.Empty, Port = p.Port, Protocol = p.Protocol ?? "TCP" }).ToList(),
                    });
                }
            }
        }

        return slices;
    }
}
