namespace Gimbal.Core.Kubernetes.Contour;

/// <summary>
/// projectcontour.io/v1 HTTPProxy: Gimbal's rich route object, Contour's API so teams' existing
/// manifests work unchanged.
/// </summary>
public sealed record HttpProxy : KubernetesObject
{
    public const string ApiGroup = "projectcontour.io";
    public const string ApiVersionV1 = "projectcontour.io/v1";
    public const string Plural = "httpproxies";

    public HttpProxy()
    {
        ApiVersion = ApiVersionV1;
        Kind = "HTTPProxy";
    }

    public HttpProxySpec? Spec { get; init; }
    public HttpProxyStatus? Status { get; init; }
}

/// <summary>HTTPProxy spec.</summary>
public sealed record HttpProxySpec : KubernetesModel
{
    /// <summary>Present only on root proxies, which own a host.</summary>
    public ProxyVirtualHost? Virtualhost { get; init; }
    public IReadOnlyList<ProxyRoute>? Routes { get; init; }
    public IReadOnlyList<ProxyInclude>? Includes { get; init; }
    public ProxyTcpProxy? Tcpproxy { get; init; }
    public string? IngressClassName { get; init; }
}

/// <summary>spec.virtualhost.</summary>
public sealed record ProxyVirtualHost : KubernetesModel
{
    public string? Fqdn { get; init; }
    public ProxyTls? Tls { get; init; }
}

/// <summary>spec.virtualhost.tls.</summary>
public sealed record ProxyTls : KubernetesModel
{
    /// <summary>"name" in the proxy's namespace, or "namespace/name" delegated by a TLSCertificateDelegation.</summary>
    public string? SecretName { get; init; }
    public string? MinimumProtocolVersion { get; init; }
    public bool? Passthrough { get; init; }
    public bool? EnableFallbackCertificate { get; init; }
}

/// <summary>spec.includes[]: delegate part of the path space (and headers) to another proxy.</summary>
public sealed record ProxyInclude : KubernetesModel
{
    public string? Name { get; init; }
    public string? Namespace { get; init; }
    public IReadOnlyList<MatchCondition>? Conditions { get; init; }
}

/// <summary>A route or include condition: one path condition or one header condition.</summary>
public sealed record MatchCondition : KubernetesModel
{
    public string? Prefix { get; init; }
    public string? Exact { get; init; }
    public string? Regex { get; init; }
    public HeaderMatchCondition? Header { get; init; }
}

/// <summary>conditions[].header.</summary>
public sealed record HeaderMatchCondition : KubernetesModel
{
    public string? Name { get; init; }
    public bool? Present { get; init; }
    // Contour spells these in lower case.
    [System.Text.Json.Serialization.JsonPropertyName("notpresent")]
    public bool? NotPresent { get; init; }
    public string? Contains { get; init; }
    // Contour spells these in lower case.
    [System.Text.Json.Serialization.JsonPropertyName("notcontains")]
    public string? NotContains { get; init; }
    public string? Exact { get; init; }
    // Contour spells these in lower case.
    [System.Text.Json.Serialization.JsonPropertyName("notexact")]
    public string? NotExact { get; init; }
}

/// <summary>spec.routes[].</summary>
public sealed record ProxyRoute : KubernetesModel
{
    public IReadOnlyList<MatchCondition>? Conditions { get; init; }
    public IReadOnlyList<ProxyService>? Services { get; init; }
    public bool? EnableWebsockets { get; init; }
    public bool? PermitInsecure { get; init; }
    public ProxyTimeoutPolicy? TimeoutPolicy { get; init; }
    public ProxyRetryPolicy? RetryPolicy { get; init; }
    public ProxyHealthCheckPolicy? HealthCheckPolicy { get; init; }
    public ProxyLoadBalancerPolicy? LoadBalancerPolicy { get; init; }
    public ProxyPathRewritePolicy? PathRewritePolicy { get; init; }
    public ProxyHeadersPolicy? RequestHeadersPolicy { get; init; }
    public ProxyHeadersPolicy? ResponseHeadersPolicy { get; init; }
    public ProxyRedirectPolicy? RequestRedirectPolicy { get; init; }
}

/// <summary>routes[].services[] and tcpproxy.services[].</summary>
public sealed record ProxyService : KubernetesModel
{
    public string? Name { get; init; }
    public int? Port { get; init; }
    /// <summary>h2, h2c or tls.</summary>
    public string? Protocol { get; init; }
    public int? Weight { get; init; }
    public bool? Mirror { get; init; }
    public ProxyHeadersPolicy? RequestHeadersPolicy { get; init; }
    public ProxyHeadersPolicy? ResponseHeadersPolicy { get; init; }
}

/// <summary>timeoutPolicy: durations such as "30s", "1m", or "infinity".</summary>
public sealed record ProxyTimeoutPolicy : KubernetesModel
{
    public string? Response { get; init; }
    public string? Idle { get; init; }
}

/// <summary>retryPolicy.</summary>
public sealed record ProxyRetryPolicy : KubernetesModel
{
    public long? Count { get; init; }
    public string? PerTryTimeout { get; init; }
    public IReadOnlyList<string>? RetryOn { get; init; }
}

/// <summary>healthCheckPolicy.</summary>
public sealed record ProxyHealthCheckPolicy : KubernetesModel
{
    public string? Path { get; init; }
    public string? Host { get; init; }
    public long? IntervalSeconds { get; init; }
    public long? TimeoutSeconds { get; init; }
    public long? UnhealthyThresholdCount { get; init; }
    public long? HealthyThresholdCount { get; init; }
}

/// <summary>loadBalancerPolicy: RoundRobin, WeightedLeastRequest, Random, Cookie, RequestHash.</summary>
public sealed record ProxyLoadBalancerPolicy : KubernetesModel
{
    public string? Strategy { get; init; }
    public IReadOnlyList<RequestHashPolicy>? RequestHashPolicies { get; init; }
}

/// <summary>loadBalancerPolicy.requestHashPolicies[].</summary>
public sealed record RequestHashPolicy : KubernetesModel
{
    public bool? Terminal { get; init; }
    public HeaderHashOptions? HeaderHashOptions { get; init; }
}

/// <summary>requestHashPolicies[].headerHashOptions.</summary>
public sealed record HeaderHashOptions : KubernetesModel
{
    public string? HeaderName { get; init; }
}

/// <summary>pathRewritePolicy.</summary>
public sealed record ProxyPathRewritePolicy : KubernetesModel
{
    public IReadOnlyList<ReplacePrefix>? ReplacePrefix { get; init; }
}

/// <summary>pathRewritePolicy.replacePrefix[].</summary>
public sealed record ReplacePrefix : KubernetesModel
{
    public string? Prefix { get; init; }
    public string? Replacement { get; init; }
}

/// <summary>request/responseHeadersPolicy.</summary>
public sealed record ProxyHeadersPolicy : KubernetesModel
{
    public IReadOnlyList<ProxyHeaderValue>? Set { get; init; }
    public IReadOnlyList<string>? Remove { get; init; }
}

/// <summary>headersPolicy.set[].</summary>
public sealed record ProxyHeaderValue : KubernetesModel
{
    public string? Name { get; init; }
    public string? Value { get; init; }
}

/// <summary>requestRedirectPolicy.</summary>
public sealed record ProxyRedirectPolicy : KubernetesModel
{
    public string? Scheme { get; init; }
    public string? Hostname { get; init; }
    public int? Port { get; init; }
    public int? StatusCode { get; init; }
    public string? Path { get; init; }
    public string? Prefix { get; init; }
}

/// <summary>spec.tcpproxy.</summary>
public sealed record ProxyTcpProxy : KubernetesModel
{
    public IReadOnlyList<ProxyService>? Services { get; init; }
    public ProxyLoadBalancerPolicy? LoadBalancerPolicy { get; init; }
    public ProxyTcpInclude? Include { get; init; }
    public ProxyHealthCheckPolicy? HealthCheckPolicy { get; init; }
}

/// <summary>spec.tcpproxy.include.</summary>
public sealed record ProxyTcpInclude : KubernetesModel
{
    public string? Name { get; init; }
    public string? Namespace { get; init; }
}
