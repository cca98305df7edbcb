namespace Gimbal.Xds.Translation;

/// <summary>The xDS resource types Gimbal serves, and the order ADS sends them in.</summary>
public static class TypeUrls
{
    /// <summary>The prefix of every type URL: "type.googleapis.com/".</summary>
    public const string Prefix = "type.googleapis.com/";
    /// <summary>CDS: envoy.config.cluster.v3.Cluster.</summary>
    public const string Cluster = Prefix + "envoy.config.cluster.v3.Cluster";
    /// <summary>EDS: envoy.config.endpoint.v3.ClusterLoadAssignment.</summary>
    public const string ClusterLoadAssignment = Prefix + "envoy.config.endpoint.v3.ClusterLoadAssignment";
    /// <summary>SDS: envoy.extensions.transport_sockets.tls.v3.Secret (TLS certificates and keys).</summary>
    public const string Secret = Prefix + "envoy.extensions.transport_sockets.tls.v3.Secret";
    /// <summary>LDS: envoy.config.listener.v3.Listener.</summary>
    public const string Listener = Prefix + "envoy.config.listener.v3.Listener";
    /// <summary>RDS: envoy.config.route.v3.RouteConfiguration.</summary>
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
