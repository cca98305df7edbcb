using Envoy.Service.Discovery.V3;
using Gimbal.Xds.Grpc;
using Gimbal.Xds.Protocol;
using Gimbal.Xds.Translation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Gimbal.Xds.Hosting;

/// <summary>Maps Gimbal's xDS gRPC services onto endpoint routing.</summary>
public static class XdsEndpointRouteBuilderExtensions
{
    private static readonly (string Service, string Stream, string Delta, string TypeUrl)[] PerTypeServices =
    [
        ("envoy.service.cluster.v3.ClusterDiscoveryService", "StreamClusters", "DeltaClusters", TypeUrls.Cluster),
        ("envoy.service.endpoint.v3.EndpointDiscoveryService", "StreamEndpoints", "DeltaEndpoints", TypeUrls.ClusterLoadAssignment),
        ("envoy.service.listener.v3.ListenerDiscoveryService", "StreamListeners", "DeltaListeners", TypeUrls.Listener),
        ("envoy.service.route.v3.RouteDiscoveryService", "StreamRoutes", "DeltaRoutes", TypeUrls.RouteConfiguration),
        ("envoy.service.secret.v3.SecretDiscoveryService", "StreamSecrets", "DeltaSecrets", TypeUrls.Secret),
    ];

    /// <summary>Maps ADS, the per-type discovery services, and UNIMPLEMENTED for any other gRPC method.</summary>
    public static IEndpointConventionBuilder MapGimbalXds(this IEndpointRouteBuilder endpoints)
    {
        var services = endpoints.ServiceProvider;
        var handler = services.GetRequiredService<GrpcMethodHandler>();
        var xds = services.GetRequiredService<XdsDiscoveryService>();
        var builders = new List<IEndpointConventionBuilder>();

        const string Ads = "envoy.service.discovery.v3.AggregatedDiscoveryService";
        builders.Add(MapStream(endpoints, handler, $"/{Ads}/StreamAggregatedResources", xds.StreamAggregatedResources));
        builders.Add(MapDelta(endpoints, handler, $"/{Ads}/DeltaAggregatedResources", xds.DeltaAggregatedResources));
        foreach (var (service, stream, delta, typeUrl) in PerTypeServices)
        {
            builders.Add(MapStream(endpoints, handler, $"/{service}/{stream}", xds.StreamOf(typeUrl)));
            builders.Add(MapDelta(endpoints, handler, $"/{service}/{delta}", xds.DeltaOf(typeUrl)));
        }

        builders.Add(endpoints.MapPost("/{service}/{method}", context =>
        {
            if (!GrpcMethodHandler.IsGrpcRequest(context))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }

            return handler.UnimplementedAsync(context);
        }).WithOrder(int.MaxValue));

        return new CompositeConventionBuilder(builders);
    }

    private static IEndpointConventionBuilder MapStream(IEndpointRouteBuilder endpoints, GrpcMethodHandler handler, string path, DuplexStreamingServerMethod<DiscoveryRequest, DiscoveryResponse> method) =>
        endpoints.MapPost(path, context => handler.HandleDuplexAsync(context, path, DiscoveryRequest.Parser, method));

    private static IEndpointConventionBuilder MapDelta(IEndpointRouteBuilder endpoints, GrpcMethodHandler handler, string path, DuplexStreamingServerMethod<DeltaDiscoveryRequest, DeltaDiscoveryResponse> method) =>
        endpoints.MapPost(path, context => handler.HandleDuplexAsync(context, path, DeltaDiscoveryRequest.Parser, method));

    private sealed class CompositeConventionBuilder(List<IEndpointConventionBuilder> builders) : IEndpointConventionBuilder
    {
        public void Add(Action<EndpointBuilder> convention)
        {
            foreach (var builder in builders)
            {
                builder.Add(convention);
            }
        }
    }
}
