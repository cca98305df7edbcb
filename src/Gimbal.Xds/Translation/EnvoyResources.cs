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
    public ImmutableArray<Cluster> Clusters { get; init; } = [];

    public ImmutableArray<ClusterLoadAssignment> Endpoints { get; init; } = [];

    public ImmutableArray<Secret> Secrets { get; init; } = [];

    public ImmutableArray<Listener> Listeners { get; init; } = [];

    public ImmutableArray<RouteConfiguration> Routes { get; init; } = [];
}
