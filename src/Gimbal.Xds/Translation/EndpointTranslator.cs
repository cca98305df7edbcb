using Envoy.Config.Core.V3;
using Envoy.Config.Endpoint.V3;
using Gimbal.Core.Routing;
using CoreLbEndpoint = Gimbal.Core.Routing.LbEndpoint;
using EnvoyLbEndpoint = Envoy.Config.Endpoint.V3.LbEndpoint;

namespace Gimbal.Xds.Translation;

/// <summary>Turns a cluster's endpoints into a ClusterLoadAssignment grouped by locality.</summary>
internal static class EndpointTranslator
{
    public static ClusterLoadAssignment Translate(string clusterName, ClusterEndpoints? endpoints)
    {
        var assignment = new ClusterLoadAssignment { ClusterName = clusterName };
        if (endpoints is null)
        {
            return assignment;
        }

        // Nearly every cluster has one locality: take it in one pass, without grouping.
        var items = endpoints.Endpoints;
        if (items.Count == 0)
        {
            return assignment;
        }

        var single = true;
        for (var i = 1; i < items.Count && single; i++)
        {
            single = items[i].Locality.Equals(items[0].Locality);
        }

        if (single)
        {
            assignment.Endpoints.Add(LocalityEndpoints(items[0].Locality, items));
            return assignment;
        }

        // Localities in a stable order so equal tables give byte-identical assignments.
        var localities = items.Select(e => e.Locality).Distinct()
            .OrderBy(l => l.Backend ?? string.Empty, StringComparer.Ordinal)
            .ThenBy(l => l.Zone ?? string.Empty, StringComparer.Ordinal);
        foreach (var locality in localities)
        {
            assignment.Endpoints.Add(LocalityEndpoints(locality, items.Where(e => e.Locality.Equals(locality)).ToList()));
        }

        return assignment;
    }

    // Generic so the endpoint array (a struct) is read without boxing.
    private static LocalityLbEndpoints LocalityEndpoints<TList>(EndpointLocality locality, TList endpoints)
        where TList : IReadOnlyList<CoreLbEndpoint>
    {
        var result = new LocalityLbEndpoints
        {
            Locality = new Locality { Region = locality.Backend ?? string.Empty, Zone = locality.Zone ?? string.Empty },
            Priority = 0,
        };
        uint weight = 0;
        for (var i = 0; i < endpoints.Count; i++)
        {
            var endpoint = endpoints[i];
            result.LbEndpoints.Add(Translate(endpoint));
            if (endpoint.Ready)
            {
                weight += (uint)Math.Max(1, endpoint.Weight);
            }
        }

        // gRPC clients drop localities without a weight; Envoy ignores it unless locality-weighted.
        result.LoadBalancingWeight = Math.Max(1u, weight);
        return result;
    }

    private static EnvoyLbEndpoint Translate(CoreLbEndpoint endpoint)
    {
        var lb = new EnvoyLbEndpoint
        {
            Endpoint = new Endpoint
            {
                Address = new Address
                {
                    SocketAddress = new SocketAddress { Address = endpoint.Address, PortValue = (uint)Math.Clamp(endpoint.Port, 0, 65535) },
                },
            },
            HealthStatus = endpoint.Ready ? HealthStatus.Healthy : HealthStatus.Unhealthy,
            LoadBalancingWeight = (uint)Math.Max(1, endpoint.Weight),
        };
        if (endpoint.Hostname is { Length: > 0 } hostname)
        {
            lb.Endpoint.Hostname = hostname;
        }

        return lb;
    }
}
