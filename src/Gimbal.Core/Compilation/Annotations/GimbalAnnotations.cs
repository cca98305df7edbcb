namespace Gimbal.Core.Compilation.Annotations;

/// <summary>Every annotation Gimbal reads (documented in docs/annotations.md).</summary>
public static class GimbalAnnotations
{
    /// <summary>The prefix of every Gimbal annotation: "gimbal.projectcontour.io/". Unknown keys with it give an UnknownAnnotation warning.</summary>
    public const string Prefix = "gimbal.projectcontour.io/";

    // On Ingresses.
    /// <summary>Ingress: RoundRobin (default), LeastRequest, Random, PowerOfTwoChoices or RingHash (case-insensitive).</summary>
    public const string LoadBalancerStrategy = Prefix + "load-balancer-strategy";
    /// <summary>Ingress, with RingHash: requests with the same value of this header go to the same endpoint.</summary>
    public const string HashHeader = Prefix + "hash-header";
    /// <summary>Ingress, with RingHash: requests with the same value of this cookie go to the same endpoint.</summary>
    public const string HashCookie = Prefix + "hash-cookie";
    /// <summary>Ingress: duration the whole request may take, e.g. "30s"; "infinity" or "0s" disables it. Default: the data plane's.</summary>
    public const string RequestTimeout = Prefix + "request-timeout";
    /// <summary>Ingress: duration a request may stay idle, e.g. "5m"; "infinity" or "0s" disables it. Default: the data plane's.</summary>
    public const string IdleTimeout = Prefix + "idle-timeout";
    /// <summary>Ingress: retries per request, 0-100 (0 disables); 1 when another retry annotation is set.</summary>
    public const string RetryCount = Prefix + "retry-count";
    /// <summary>Ingress: duration of each try, e.g. "250ms". Default: the data plane's.</summary>
    public const string PerTryTimeout = Prefix + "per-try-timeout";
    /// <summary>Ingress: comma-separated Envoy retry conditions, e.g. "5xx,gateway-error,reset". Default "5xx".</summary>
    public const string RetryOn = Prefix + "retry-on";
    /// <summary>Ingress: comma-separated paths of the Ingress (as written there) that carry WebSockets.</summary>
    public const string WebsocketRoutes = Prefix + "websocket-routes";

    // On Services.
    /// <summary>The common prefix of the four upstream-protocol annotations.</summary>
    public const string UpstreamProtocolPrefix = Prefix + "upstream-protocol.";
    /// <summary>Service: comma-separated port names or numbers spoken to in HTTP/1.1 (the default for every port).</summary>
    public const string UpstreamProtocolH1 = UpstreamProtocolPrefix + "h1";
    /// <summary>Service: comma-separated port names or numbers spoken to in HTTP/2 over TLS.</summary>
    public const string UpstreamProtocolH2 = UpstreamProtocolPrefix + "h2";
    /// <summary>Service: comma-separated port names or numbers spoken to in cleartext HTTP/2 (prior knowledge, e.g. gRPC).</summary>
    public const string UpstreamProtocolH2c = UpstreamProtocolPrefix + "h2c";
    /// <summary>Service: comma-separated port names or numbers spoken to in HTTP/1.1 over TLS.</summary>
    public const string UpstreamProtocolTls = UpstreamProtocolPrefix + "tls";
    /// <summary>Service: a path starting with '/'; setting it enables active HTTP health checks (off by default).</summary>
    public const string HealthCheckPath = Prefix + "health-check-path";
    /// <summary>Service: the Host header of health checks. Default: the data plane's choice.</summary>
    public const string HealthCheckHost = Prefix + "health-check-host";
    /// <summary>Service: positive duration between health checks. Default "5s".</summary>
    public const string HealthCheckInterval = Prefix + "health-check-interval";
    /// <summary>Service: positive duration a health check may take. Default "2s".</summary>
    public const string HealthCheckTimeout = Prefix + "health-check-timeout";
    /// <summary>Service: passed checks in a row (1-100) that make an endpoint healthy. Default 2.</summary>
    public const string HealthCheckHealthyThreshold = Prefix + "health-check-healthy-threshold";
    /// <summary>Service: failed checks in a row (1-100) that make an endpoint unhealthy. Default 3.</summary>
    public const string HealthCheckUnhealthyThreshold = Prefix + "health-check-unhealthy-threshold";

    // On Endpoints and EndpointSlices.
    /// <summary>Endpoints and EndpointSlices: relative weight 1-128 of every endpoint of the object. Default 1.</summary>
    public const string Weight = Prefix + "weight";

    /// <summary>Per-address weights on Endpoints, as "10.0.0.1:8080=3,[fd00::1]:80=1" (the OpenStack discoverer writes it from member weights).</summary>
    public const string MemberWeights = Prefix + "member-weights";

    // Standard annotations Gimbal honours on Ingresses.
    /// <summary>Standard, on Ingresses with TLS hosts: "true" answers plain HTTP with a 301 to the https:// URL.</summary>
    public const string ForceSslRedirect = "ingress.kubernetes.io/force-ssl-redirect";
    /// <summary>Standard, on Ingresses with TLS hosts: "false" does not serve the routes on plain HTTP at all (wins over the redirect).</summary>
    public const string AllowHttp = "kubernetes.io/ingress.allow-http";

    internal static readonly string[] IngressKeys =
        [LoadBalancerStrategy, HashHeader, HashCookie, RequestTimeout, IdleTimeout, RetryCount, PerTryTimeout, RetryOn, WebsocketRoutes];

    internal static readonly string[] ServiceKeys =
        [UpstreamProtocolH1, UpstreamProtocolH2, UpstreamProtocolH2c, UpstreamProtocolTls, HealthCheckPath, HealthCheckHost,
         HealthCheckInterval, HealthCheckTimeout, HealthCheckHealthyThreshold, HealthCheckUnhealthyThreshold];

    internal static string Field(string key) => $"metadata.annotations[{key}]";
}
