namespace Gimbal.Core.Kubernetes.Contour;

/// <summary>
/// projectcontour.io/v1 HTTPProxy: Gimbal's rich route object, Contour's API so teams' existing
/// manifests work unchanged.
/// </summary>
public sealed record HttpProxy : KubernetesObject
{
    /// <summary>Contour's API group: "projectcontour.io".</summary>
    public const string ApiGroup = "projectcontour.io";
    /// <summary>The apiVersion of HTTPProxy and TLSCertificateDelegation: "projectcontour.io/v1".</summary>
    public const string ApiVersionV1 = "projectcontour.io/v1";
    /// <summary>The resource name in API paths: "httpproxies".</summary>
    public const string Plural = "httpproxies";

    /// <summary>An empty HTTPProxy with apiVersion "projectcontour.io/v1" and kind "HTTPProxy" set.</summary>
    public HttpProxy()
    {
        ApiVersion = ApiVersionV1;
        Kind = "HTTPProxy";
    }

    /// <summary>The virtual host, routes, includes and TCP proxy.</summary>
    public HttpProxySpec? Spec { get; init; }
    /// <summary>Whether Gimbal accepted the proxy, and why not; written by Gimbal's status writer.</summary>
    public HttpProxyStatus? Status { get; init; }
}

/// <summary>HTTPProxy spec.</summary>
public sealed record HttpProxySpec : KubernetesModel
{
    /// <summary>Present only on root proxies, which own a host.</summary>
    public ProxyVirtualHost? Virtualhost { get; init; }
    /// <summary>The routes; when several match a request, the most specific wins, as in Contour.</summary>
    public IReadOnlyList<ProxyRoute>? Routes { get; init; }
    /// <summary>Other proxies (in any namespace) that serve part of this one's path space.</summary>
    public IReadOnlyList<ProxyInclude>? Includes { get; init; }
    /// <summary>Layer-4 proxying; not supported by Gimbal (diagnostic NotSupported).</summary>
    public ProxyTcpProxy? Tcpproxy { get; init; }
    /// <summary>The ingress class that should serve the proxy; Gimbal serves proxies naming its own class or none.</summary>
    public string? IngressClassName { get; init; }
}

/// <summary>spec.virtualhost.</summary>
public sealed record ProxyVirtualHost : KubernetesModel
{
    /// <summary>The host the root proxy owns: a fully qualified name or "*.domain". One owner per host.</summary>
    public string? Fqdn { get; init; }
    /// <summary>Serve the host over TLS; plain HTTP then redirects to HTTPS unless a route permits insecure.</summary>
    public ProxyTls? Tls { get; init; }
}

/// <summary>spec.virtualhost.tls.</summary>
public sealed record ProxyTls : KubernetesModel
{
    /// <summary>"name" in the proxy's namespace, or "namespace/name" delegated by a TLSCertificateDelegation.</summary>
    public string? SecretName { get; init; }
    /// <summary>"1.2" (the default) or "1.3".</summary>
    public string? MinimumProtocolVersion { get; init; }
    /// <summary>Pass TLS through to the backend; not supported by Gimbal (diagnostic NotSupported).</summary>
    public bool? Passthrough { get; init; }
    /// <summary>Serve clients without SNI with the fallback certificate; not supported by Gimbal (diagnostic NotSupported).</summary>
    public bool? EnableFallbackCertificate { get; init; }
}

/// <summary>spec.includes[]: delegate part of the path space (and headers) to another proxy.</summary>
public sealed record ProxyInclude : KubernetesModel
{
    /// <summary>The included proxy's name.</summary>
    public string? Name { get; init; }
    /// <summary>The included proxy's namespace; null means the including proxy's.</summary>
    public string? Namespace { get; init; }
    /// <summary>Prefix and header conditions prepended to every route of the included proxy.</summary>
    public IReadOnlyList<MatchCondition>? Conditions { get; init; }
}

/// <summary>A route or include condition: one path condition or one header condition.</summary>
public sealed record MatchCondition : KubernetesModel
{
    /// <summary>The path starts with this, per segment.</summary>
    public string? Prefix { get; init; }
    /// <summary>The path equals this.</summary>
    public string? Exact { get; init; }
    /// <summary>The whole path matches this RE2-compatible regular expression.</summary>
    public string? Regex { get; init; }
    /// <summary>A header condition.</summary>
    public HeaderMatchCondition? Header { get; init; }
}

/// <summary>conditions[].header.</summary>
public sealed record HeaderMatchCondition : KubernetesModel
{
    /// <summary>The header's name (any case).</summary>
    public string? Name { get; init; }
    /// <summary>True: the header must be present.</summary>
    public bool? Present { get; init; }
    // Contour spells these in lower case.
    /// <summary>True: the header must be absent.</summary>
    [System.Text.Json.Serialization.JsonPropertyName("notpresent")]
    public bool? NotPresent { get; init; }
    /// <summary>The header's value must contain this.</summary>
    public string? Contains { get; init; }
    // Contour spells these in lower case.
    /// <summary>The header's value must not contain this; not supported by Gimbal (diagnostic NotSupported).</summary>
    [System.Text.Json.Serialization.JsonPropertyName("notcontains")]
    public string? NotContains { get; init; }
    /// <summary>The header's value must equal this.</summary>
    public string? Exact { get; init; }
    // Contour spells these in lower case.
    /// <summary>The header's value must differ from this; not supported by Gimbal (diagnostic NotSupported).</summary>
    [System.Text.Json.Serialization.JsonPropertyName("notexact")]
    public string? NotExact { get; init; }
}

/// <summary>spec.routes[].</summary>
public sealed record ProxyRoute : KubernetesModel
{
    /// <summary>Path and header conditions, all of which must hold; none matches every request.</summary>
    public IReadOnlyList<MatchCondition>? Conditions { get; init; }
    /// <summary>The Services of the proxy's namespace requests are spread over, by weight.</summary>
    public IReadOnlyList<ProxyService>? Services { get; init; }
    /// <summary>Allow WebSocket upgrades on this route.</summary>
    public bool? EnableWebsockets { get; init; }
    /// <summary>Serve this route over plain HTTP too, instead of redirecting to HTTPS on TLS hosts.</summary>
    public bool? PermitInsecure { get; init; }
    /// <summary>Response and idle timeouts.</summary>
    public ProxyTimeoutPolicy? TimeoutPolicy { get; init; }
    /// <summary>When and how often failed requests are retried.</summary>
    public ProxyRetryPolicy? RetryPolicy { get; init; }
    /// <summary>Active HTTP health checks of the route's Services.</summary>
    public ProxyHealthCheckPolicy? HealthCheckPolicy { get; init; }
    /// <summary>How an endpoint is chosen; round robin when null.</summary>
    public ProxyLoadBalancerPolicy? LoadBalancerPolicy { get; init; }
    /// <summary>Rewrites the matched path prefix before forwarding.</summary>
    public ProxyPathRewritePolicy? PathRewritePolicy { get; init; }
    /// <summary>Headers set or removed on the request sent upstream.</summary>
    public ProxyHeadersPolicy? RequestHeadersPolicy { get; init; }
    /// <summary>Headers set or removed on the response sent to the client.</summary>
    public ProxyHeadersPolicy? ResponseHeadersPolicy { get; init; }
    /// <summary>Answer with a redirect instead of forwarding; the route then needs no services.</summary>
    public ProxyRedirectPolicy? RequestRedirectPolicy { get; init; }
}

/// <summary>routes[].services[] and tcpproxy.services[].</summary>
public sealed record ProxyService : KubernetesModel
{
    /// <summary>The Service's name, in the proxy's namespace.</summary>
    public string? Name { get; init; }
    /// <summary>The Service port's number (spec.ports[].port, not the target port).</summary>
    public int? Port { get; init; }
    /// <summary>h2, h2c or tls.</summary>
    public string? Protocol { get; init; }
    /// <summary>The share of requests; none given anywhere: an even split; some given: the unweighted get 0.</summary>
    public int? Weight { get; init; }
    /// <summary>Send a copy of each request here; not supported by Gimbal (diagnostic NotSupported).</summary>
    public bool? Mirror { get; init; }
    /// <summary>Per-service request headers; not supported by Gimbal (diagnostic NotSupported).</summary>
    public ProxyHeadersPolicy? RequestHeadersPolicy { get; init; }
    /// <summary>Per-service response headers; not supported by Gimbal (diagnostic NotSupported).</summary>
    public ProxyHeadersPolicy? ResponseHeadersPolicy { get; init; }
}

/// <summary>timeoutPolicy: durations such as "30s", "1m", or "infinity".</summary>
public sealed record ProxyTimeoutPolicy : KubernetesModel
{
    /// <summary>How long the whole response may take, e.g. "30s"; "infinity" for no limit.</summary>
    public string? Response { get; init; }
    /// <summary>How long the stream may stay idle, e.g. "5m"; "infinity" for no limit.</summary>
    public string? Idle { get; init; }
}

/// <summary>retryPolicy.</summary>
public sealed record ProxyRetryPolicy : KubernetesModel
{
    /// <summary>Retries per request, 1-100; null or 0 means 1.</summary>
    public long? Count { get; init; }
    /// <summary>The timeout of each try, e.g. "150ms".</summary>
    public string? PerTryTimeout { get; init; }
    /// <summary>Conditions that trigger a retry, as Contour names them ("5xx", "gateway-error", "reset", "connect-failure", ...); none given means "5xx".</summary>
    public IReadOnlyList<string>? RetryOn { get; init; }
}

/// <summary>healthCheckPolicy.</summary>
public sealed record ProxyHealthCheckPolicy : KubernetesModel
{
    /// <summary>The HTTP path probed, e.g. "/healthz".</summary>
    public string? Path { get; init; }
    /// <summary>The Host header of probes; null leaves it to the data plane.</summary>
    public string? Host { get; init; }
    /// <summary>Seconds between probes.</summary>
    public long? IntervalSeconds { get; init; }
    /// <summary>Seconds a probe may take.</summary>
    public long? TimeoutSeconds { get; init; }
    /// <summary>Failed probes in a row that mark an endpoint unhealthy.</summary>
    public long? UnhealthyThresholdCount { get; init; }
    /// <summary>Passed probes in a row that mark it healthy again.</summary>
    public long? HealthyThresholdCount { get; init; }
}

/// <summary>loadBalancerPolicy: RoundRobin, WeightedLeastRequest, Random, Cookie, RequestHash.</summary>
public sealed record ProxyLoadBalancerPolicy : KubernetesModel
{
    /// <summary>RoundRobin, WeightedLeastRequest, Random, Cookie (hashes X-Contour-Session-Affinity) or RequestHash.</summary>
    public string? Strategy { get; init; }
    /// <summary>For RequestHash: what is hashed (Gimbal uses the first header policy).</summary>
    public IReadOnlyList<RequestHashPolicy>? RequestHashPolicies { get; init; }
}

/// <summary>loadBalancerPolicy.requestHashPolicies[].</summary>
public sealed record RequestHashPolicy : KubernetesModel
{
    /// <summary>Stop at this policy when it yields a hash.</summary>
    public bool? Terminal { get; init; }
    /// <summary>Hash a request header.</summary>
    public HeaderHashOptions? HeaderHashOptions { get; init; }
}

/// <summary>requestHashPolicies[].headerHashOptions.</summary>
public sealed record HeaderHashOptions : KubernetesModel
{
    /// <summary>The header whose value is hashed.</summary>
    public string? HeaderName { get; init; }
}

/// <summary>pathRewritePolicy.</summary>
public sealed record ProxyPathRewritePolicy : KubernetesModel
{
    /// <summary>Prefix replacements; at most one applies.</summary>
    public IReadOnlyList<ReplacePrefix>? ReplacePrefix { get; init; }
}

/// <summary>pathRewritePolicy.replacePrefix[].</summary>
public sealed record ReplacePrefix : KubernetesModel
{
    /// <summary>The leading path part to replace; null replaces the route's whole matched prefix.</summary>
    public string? Prefix { get; init; }
    /// <summary>What it is replaced with, e.g. "/".</summary>
    public string? Replacement { get; init; }
}

/// <summary>request/responseHeadersPolicy.</summary>
public sealed record ProxyHeadersPolicy : KubernetesModel
{
    /// <summary>Headers set (replacing any value they had).</summary>
    public IReadOnlyList<ProxyHeaderValue>? Set { get; init; }
    /// <summary>Names of headers removed.</summary>
    public IReadOnlyList<string>? Remove { get; init; }
}

/// <summary>headersPolicy.set[].</summary>
public sealed record ProxyHeaderValue : KubernetesModel
{
    /// <summary>The header's name.</summary>
    public string? Name { get; init; }
    /// <summary>The header's value.</summary>
    public string? Value { get; init; }
}

/// <summary>requestRedirectPolicy.</summary>
public sealed record ProxyRedirectPolicy : KubernetesModel
{
    /// <summary>"http" or "https"; null keeps the request's.</summary>
    public string? Scheme { get; init; }
    /// <summary>The host to redirect to; null keeps the request's.</summary>
    public string? Hostname { get; init; }
    /// <summary>The port to redirect to; null keeps the request's.</summary>
    public int? Port { get; init; }
    /// <summary>301 or 302 (the default when null).</summary>
    public int? StatusCode { get; init; }
    /// <summary>Replaces the whole path; null keeps it.</summary>
    public string? Path { get; init; }
    /// <summary>Replaces the matched prefix; not supported by Gimbal (diagnostic NotSupported).</summary>
    public string? Prefix { get; init; }
}

/// <summary>spec.tcpproxy.</summary>
public sealed record ProxyTcpProxy : KubernetesModel
{
    /// <summary>The Services the TCP connections go to.</summary>
    public IReadOnlyList<ProxyService>? Services { get; init; }
    /// <summary>How an endpoint is chosen.</summary>
    public ProxyLoadBalancerPolicy? LoadBalancerPolicy { get; init; }
    /// <summary>Another proxy that provides the TCP proxy.</summary>
    public ProxyTcpInclude? Include { get; init; }
    /// <summary>TCP health checks of the Services.</summary>
    public ProxyHealthCheckPolicy? HealthCheckPolicy { get; init; }
}

/// <summary>spec.tcpproxy.include.</summary>
public sealed record ProxyTcpInclude : KubernetesModel
{
    /// <summary>The included proxy's name.</summary>
    public string? Name { get; init; }
    /// <summary>The included proxy's namespace; null means the including proxy's.</summary>
    public string? Namespace { get; init; }
}
