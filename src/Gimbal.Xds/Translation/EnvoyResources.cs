using System.Collections.Immutable;
using Envoy.Config.Cluster.V3;
using Envoy.Config.Endpoint.V3;
using Envoy.Config.Listener.V3;
using Envoy.Config.Route.V3;
using Envoy.Extensions.TransportSockets.Tls.V3;

namespace Gimbal.Xds.Translation;

/// <summary>The Envoy resources one route table and endpoint table translate to, each list sorted by name.</summary>
public sealed record EnvoyResources
{
    /// <summary>CDS: one cluster per route-table cluster.</summary>
    public ImmutableArray<Cluster> Clusters { get; init; } = [];

    /// <summary>EDS: one ClusterLoadAssignment per cluster, named by cluster name.</summary>
    public ImmutableArray<ClusterLoadAssignment> Endpoints { get; init; } = [];

    /// <summary>SDS: the TLS certificates (with their keys) of secure hosts.</summary>
    public ImmutableArray<Secret> Secrets { get; init; } = [];

    /// <summary>LDS: the HTTP and HTTPS listeners (Envoy) or one api_listener per host (proxyless gRPC).</summary>
    public ImmutableArray<Listener> Listeners { get; init; } = [];

    /// <summary>RDS: the route configurations the listeners refer to.</summary>
    public ImmutableArray<RouteConfiguration> Routes { get; init; } = [];
}
