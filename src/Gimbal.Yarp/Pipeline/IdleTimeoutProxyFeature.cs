using Yarp.ReverseProxy.Model;

namespace Gimbal.Yarp.Pipeline;

/// <summary>
/// The request's proxy feature with the route's copy of the cluster model (see
/// <see cref="RouteTimeoutMiddleware"/>): YARP 2.1 lets no middleware replace the cluster, only the feature.
/// </summary>
internal sealed class IdleTimeoutProxyFeature(IReverseProxyFeature inner, ClusterModel cluster) : IReverseProxyFeature
{
    public RouteModel Route => inner.Route;

    public ClusterModel Cluster => cluster;

    public IReadOnlyList<DestinationState> AllDestinations => inner.AllDestinations;

    public IReadOnlyList<DestinationState> AvailableDestinations { get; set; } = inner.AvailableDestinations;

    public DestinationState? ProxiedDestination { get; set; } = inner.ProxiedDestination;
}
