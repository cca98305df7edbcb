namespace Gimbal.Core.Compilation.Annotations;

/// <summary>Every annotation Gimbal reads (documented in docs/annotations.md).</summary>
public static class GimbalAnnotations
{
    public const string Prefix = "gimbal.projectcontour.io/";

    // On Ingresses.
    public const string LoadBalancerStrategy = Prefix + "load-balancer-strategy";
    public const string HashHeader = Prefix + "hash-header";
    public const string HashCookie = Prefix + "hash-cookie";
    public const string RequestTimeout = Prefix + "request-timeout";
    public const string IdleTimeout = Prefix + "idle-timeout";
    public const string RetryCount = Prefix + "retry-count";
    public const string PerTryTimeout = Prefix + "per-try-timeout";
    public const string RetryOn = Prefix + "retry-on";
    public const string WebsocketRoutes = Prefix + "websocket-routes";

    // On Services.
    public const string UpstreamProtocolPrefix = Prefix + "upstream-protocol.";
    public const string UpstreamProtocolH1 = UpstreamProtocolPrefix + "h1";
    public const string UpstreamProtocolH2 = UpstreamProtocolPrefix + "h2";
    public const string UpstreamProtocolH2c = UpstreamProtocolPrefix + "h2c";
    public const string UpstreamProtocolTls = UpstreamProtocolPrefix + "tls";
    public const string HealthCheckPath = Prefix + "health-check-path";
    public const string HealthCheckHost = Prefix + "health-check-host";
    public const string HealthCheckInterval = Prefix + "health-check-interval";
    public const string HealthCheckTimeout = Prefix + "health-check-timeout";
    public const string HealthCheckHealthyThreshold = Prefix + "health-check-healthy-threshold";
    public const string HealthCheckUnhealthyThreshold = Prefix + "health-check-unhealthy-threshold";

    // On Endpoints and EndpointSlices.
    public const string Weight = Prefix + "weight";

    /// <summary>Per-address weights on Endpoints, as "10.0.0.1:8080=3,[fd00::1]:80=1" (the OpenStack discoverer writes it from member weights).</summary>
    public const string MemberWeights = Prefix + "member-weights";

    // Standard annotations Gimbal honours on Ingresses.
    public const string ForceSslRedirect = "ingress.kubernetes.io/force-ssl-redirect";
    public const string AllowHttp = "kubernetes.io/ingress.allow-http";

    internal static readonly string[] IngressKeys =
        [LoadBalancerStrategy, HashHeader, HashCookie, RequestTimeout, IdleTimeout, RetryCount, PerTryTimeout, RetryOn, WebsocketRoutes];

    internal static readonly string[] ServiceKeys =
        [UpstreamProtocolH1, UpstreamProtocolH2, UpstreamProtocolH2c, UpstreamProtocolTls, HealthCheckPath, HealthCheckHost,
         HealthCheckInterval, HealthCheckTimeout, HealthCheckHealthyThreshold, HealthCheckUnhealthyThreshold];

    internal static string Field(string key) => $"metadata.annotations[{key}]";
}
