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

        // Localities in a stable order so equal tables give byte-identical assignments.
        var groups = endpoints.Endpoints
            .GroupBy(e => e.Locality)
            .OrderBy(g => g.Key.Backend ?? string.Empty, StringComparer.Ordinal)
            .ThenBy(g => g.Key.Zone ?? string.Empty, StringComparer.Ordinal);
        foreach (var group in groups)
        {
            var locality = new LocalityLbEndpoints
            {
                Locality = new Locality { Region = group.Key.Backend ?? string.Empty, Zone = group.Key.Zone ?? string.Empty },
                Priority = 0,
            };
            uint weight = 0;
            foreach (var endpoint in group)
            {
                locality.LbEndpoints.Add(Translate(endpoint));
                if (endpoint.Ready)
                {
                    weight += (uint)Math.Max(1, endpoint.Weight);
                }
            }

            // gRPC clients drop localities without a weight; Envoy ignores it unless locality-weighted.
            locality.LoadBalancingWeight = Math.Max(1u, weight);
            assignment.Endpoints.Add(locality);
        }

        return assignment;
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
