using System.Globalization;
using Gimbal.Core.Collections;
using Gimbal.Core.Compilation.Annotations;
using Gimbal.Core.Diagnostics;
using Gimbal.Core.Kubernetes;
using Gimbal.Core.Naming;
using Gimbal.Core.Routing;
using KubeEndpoints = Gimbal.Core.Kubernetes.Endpoints;

namespace Gimbal.Core.Compilation.EndpointTables;

/// <summary>
/// The endpoints of one Service port, from its Endpoints object and its EndpointSlices (deduplicated
/// by address and port, Endpoints first), ready and not ready, sorted by address then port.
/// </summary>
internal static class EndpointBuilder
{
    private const int MaxWeight = 128;

    public static EquatableArray<LbEndpoint> Build(ServiceRef target, Service? service, KubeEndpoints? endpoints, IReadOnlyList<EndpointSlice> slices, DiagnosticBag? diagnostics)
    {
        var servicePort = FindServicePort(service, target);
        var backend = service?.Metadata.Labels is { } labels && labels.TryGetValue(GimbalLabels.Backend, out var b) && b is { Length: > 0 } ? b : null;
        var result = new List<LbEndpoint>();
        var seen = new HashSet<(string, int)>();

        if (endpoints?.Subsets is { } subsets)
        {
            var weight = WeightOf(endpoints, diagnostics);
            var locality = backend is null ? EndpointLocality.Local : new EndpointLocality(backend, null);
            foreach (var subset in subsets)
            {
                if (subset?.Ports is not { } ports)
                {
                    continue;
                }

                foreach (var port in ports)
                {
                    if (port is null || !Matches(port, target, servicePort))
                    {
                        continue;
                    }

                    AddAddresses(subset.Addresses, port.Port, ready: true, weight, locality, result, seen);
                    AddAddresses(subset.NotReadyAddresses, port.Port, ready: false, weight, locality, result, seen);
                }
            }
        }

        foreach (var slice in slices)
        {
            if (slice.Ports is not { } ports || slice.Endpoints is not { } sliceEndpoints)
            {
                continue;
            }

            var weight = WeightOf(slice, diagnostics);
            foreach (var port in ports)
            {
                if (port is null || !Matches(port, target, servicePort))
                {
                    continue;
                }

                foreach (var endpoint in sliceEndpoints)
                {
                    if (endpoint?.Addresses is not { } addresses)
                    {
                        continue;
                    }

                    var ready = endpoint.Conditions?.Ready ?? true;
                    var locality = backend is null && endpoint.Zone is null ? EndpointLocality.Local : new EndpointLocality(backend, endpoint.Zone);
                    foreach (var address in addresses)
                    {
                        if (address is { Length: > 0 } && port.Port is > 0 and <= 65535 && seen.Add((address, port.Port)))
                        {
                            result.Add(new LbEndpoint { Address = address, Port = port.Port, Ready = ready, Weight = weight, Locality = locality, Hostname = endpoint.Hostname });
                        }
                    }
                }
            }
        }

        result.Sort(static (x, y) =>
        {
            var c = string.CompareOrdinal(x.Address, y.Address);
            return c != 0 ? c : x.Port.CompareTo(y.Port);
        });
        return new EquatableArray<LbEndpoint>(result);
    }

    private static void AddAddresses(IReadOnlyList<EndpointAddress>? addresses, int port, bool ready, int weight, EndpointLocality locality, List<LbEndpoint> result, HashSet<(string, int)> seen)
    {
        if (addresses is null || port is <= 0 or > 65535)
        {
            return;
        }

        foreach (var address in addresses)
        {
            if (address?.Ip is { Length: > 0 } ip && seen.Add((ip, port)))
            {
                result.Add(new LbEndpoint { Address = ip, Port = port, Ready = ready, Weight = weight, Locality = locality, Hostname = address.Hostname });
            }
        }
    }

    private static ServicePort? FindServicePort(Service? service, ServiceRef target)
    {
        foreach (var port in service?.Spec?.Ports ?? [])
        {
            if (port?.Port == target.Port)
            {
                return port;
            }
        }

        return null;
    }

    // Endpoints ports carry the Service port's name; an unnamed (single) Service port is matched by its targetPort number when it has one.
    private static bool Matches(EndpointPort port, ServiceRef target, ServicePort? servicePort)
    {
        if (target.PortName is { Length: > 0 } name)
        {
            return string.Equals(port.Name, name, StringComparison.Ordinal);
        }

        if (servicePort?.TargetPort is { Number: { } number })
        {
            return port.Port == number;
        }

        return string.IsNullOrEmpty(port.Name);
    }

    private static int WeightOf(KubernetesObject source, DiagnosticBag? diagnostics)
    {
        if (source.Metadata.Annotations is not { } annotations || !annotations.TryGetValue(GimbalAnnotations.Weight, out var text))
        {
            return 1;
        }

        if (int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var weight) && weight is >= 1 and <= MaxWeight)
        {
            return weight;
        }

        diagnostics?.Warning(DiagnosticBag.RefOf(source), GimbalAnnotations.Field(GimbalAnnotations.Weight), DiagnosticCodes.InvalidAnnotation,
            $"annotation {GimbalAnnotations.Weight} has value {DiagnosticBag.Quote(text)}; expected a whole number from 1 to {MaxWeight}; using 1");
        return 1;
    }
}
