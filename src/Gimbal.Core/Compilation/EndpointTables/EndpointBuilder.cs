using System.Collections.Immutable;
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

    public static EquatableArray<LbEndpoint> Build(ServiceRef target, Service? service, KubeEndpoints? endpoints, IReadOnlyList<EndpointSlice> slices, DiagnosticBag? diagnostics, EndpointScratch scratch)
    {
        var servicePort = FindServicePort(service, target);
        var backend = service?.Metadata.Labels is { } labels && labels.TryGetValue(GimbalLabels.Backend, out var b) && b is { Length: > 0 } ? b : null;
        var result = scratch.Candidates;
        var localities = scratch.Localities;
        result.Clear();
        localities.Clear();

        if (endpoints?.Subsets is { } subsets)
        {
            var weight = WeightOf(endpoints, diagnostics);
            var memberWeights = MemberWeights.Parse(endpoints, diagnostics);
            var locality = backend is null ? EndpointLocality.Local : new EndpointLocality(backend, null);
            for (var si = 0; si < subsets.Count; si++)
            {
                var subset = subsets[si];
                if (subset?.Ports is not { } ports)
                {
                    continue;
                }

                for (var pi = 0; pi < ports.Count; pi++)
                {
                    var port = ports[pi];
                    if (port is null || !Matches(port, target, servicePort))
                    {
                        continue;
                    }

                    AddAddresses(subset.Addresses, port.Port, ready: true, weight, memberWeights, locality, result);
                    AddAddresses(subset.NotReadyAddresses, port.Port, ready: false, weight, memberWeights, locality, result);
                }
            }
        }

        for (var li = 0; li < slices.Count; li++)
        {
            var slice = slices[li];
            if (slice.Ports is not { } ports || slice.Endpoints is not { } sliceEndpoints)
            {
                continue;
            }

            var weight = WeightOf(slice, diagnostics);
            for (var pi = 0; pi < ports.Count; pi++)
            {
                var port = ports[pi];
                if (port is null || !Matches(port, target, servicePort))
                {
                    continue;
                }

                for (var ei = 0; ei < sliceEndpoints.Count; ei++)
                {
                    var endpoint = sliceEndpoints[ei];
                    if (endpoint?.Addresses is not { } addresses)
                    {
                        continue;
                    }

                    var ready = endpoint.Conditions?.Ready ?? true;
                    var locality = LocalityOf(backend, endpoint.Zone, localities);
                    for (var ai = 0; ai < addresses.Count; ai++)
                    {
                        var address = addresses[ai];
                        if (address is { Length: > 0 } && port.Port is > 0 and <= 65535)
                        {
                            result.Add((new LbEndpoint { Address = address, Port = port.Port, Ready = ready, Weight = weight, Locality = locality, Hostname = endpoint.Hostname }, result.Count));
                        }
                    }
                }
            }
        }

        // Sorting by address, port, then arrival keeps the first arrival of duplicates: Endpoints before
        // EndpointSlices, ready before not-ready. Cheaper than a set per cluster.
        result.Sort(ByAddressPortArrival);
        var unique = 0;
        for (var i = 0; i < result.Count; i++)
        {
            if (i == 0 || !SameAddress(result[i].Endpoint, result[i - 1].Endpoint))
            {
                unique++;
            }
        }

        var builder = ImmutableArray.CreateBuilder<LbEndpoint>(unique);
        for (var i = 0; i < result.Count; i++)
        {
            if (i == 0 || !SameAddress(result[i].Endpoint, result[i - 1].Endpoint))
            {
                builder.Add(result[i].Endpoint);
            }
        }

        result.Clear();
        return new EquatableArray<LbEndpoint>(builder.MoveToImmutable());
    }

    private static readonly Comparison<(LbEndpoint Endpoint, int Arrival)> ByAddressPortArrival = static (x, y) =>
    {
        var c = string.CompareOrdinal(x.Endpoint.Address, y.Endpoint.Address);
        if (c == 0) c = x.Endpoint.Port.CompareTo(y.Endpoint.Port);
        return c != 0 ? c : x.Arrival.CompareTo(y.Arrival);
    };

    private static bool SameAddress(LbEndpoint a, LbEndpoint b) => a.Port == b.Port && string.Equals(a.Address, b.Address, StringComparison.Ordinal);

    // Endpoints of one Service share a handful of zones: one locality object each, not one per endpoint.
    private static EndpointLocality LocalityOf(string? backend, string? zone, Dictionary<string, EndpointLocality> cache)
    {
        if (zone is null)
        {
            return backend is null ? EndpointLocality.Local : new EndpointLocality(backend, null);
        }

        if (!cache.TryGetValue(zone, out var locality))
        {
            cache[zone] = locality = new EndpointLocality(backend, zone);
        }

        return locality;
    }


    private static void AddAddresses(IReadOnlyList<EndpointAddress>? addresses, int port, bool ready, int weight, IReadOnlyDictionary<(string Address, int Port), int>? memberWeights, EndpointLocality locality, List<(LbEndpoint Endpoint, int Arrival)> result)
    {
        if (addresses is null || port is <= 0 or > 65535)
        {
            return;
        }

        for (var ai = 0; ai < addresses.Count; ai++)
        {
            var address = addresses[ai];
            if (address?.Ip is { Length: > 0 } ip)
            {
                var own = memberWeights is not null && memberWeights.TryGetValue((ip, port), out var w) ? w : weight;
                result.Add((new LbEndpoint { Address = ip, Port = port, Ready = ready, Weight = own, Locality = locality, Hostname = address.Hostname }, result.Count));
            }
        }
    }

    private static ServicePort? FindServicePort(Service? service, ServiceRef target)
    {
        if (service?.Spec?.Ports is not { } ports)
        {
            return null;
        }

        for (var i = 0; i < ports.Count; i++)
        {
            if (ports[i]?.Port == target.Port)
            {
                return ports[i];
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
