namespace Gimbal.Xds.Translation;

/// <summary>The xDS resource types Gimbal serves, and the order ADS sends them in.</summary>
public static class TypeUrls
{
    public const string Prefix = "type.googleapis.com/";
    public const string Cluster = Prefix + "envoy.config.cluster.v3.Cluster";
    public const string ClusterLoadAssignment = Prefix + "envoy.config.endpoint.v3.ClusterLoadAssignment";
    public const string Secret = Prefix + "envoy.extensions.transport_sockets.tls.v3.Secret";
    public const string Listener = Prefix + "envoy.config.listener.v3.Listener";
    public const string RouteConfiguration = Prefix + "envoy.config.route.v3.RouteConfiguration";

    /// <summary>
    /// Make-before-break: a listener or route never names a cluster, endpoint set or secret the
    /// proxy has not been sent yet.
    /// </summary>
    public static IReadOnlyList<string> SendOrder { get; } =
        [Cluster, ClusterLoadAssignment, Secret, Listener, RouteConfiguration];

    /// <summary>
    /// Types whose state-of-the-world responses must carry every resource; for the others a
    /// response may carry only the resources that changed.
    /// </summary>
    public static bool IsFullState(string typeUrl) => typeUrl is Cluster or Listener;
}
