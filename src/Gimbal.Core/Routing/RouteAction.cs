using Gimbal.Core.Collections;

namespace Gimbal.Core.Routing;

/// <summary>What a matched route does: exactly one of forward, redirect or a direct response.</summary>
public sealed record RouteAction
{
    /// <summary>Forward to clusters; null when the route redirects or answers directly.</summary>
    public ForwardAction? Forward { get; init; }

    /// <summary>Answer with a redirect; null otherwise.</summary>
    public RedirectAction? Redirect { get; init; }

    /// <summary>Answer with a fixed status (and body); null otherwise.</summary>
    public DirectResponseAction? DirectResponse { get; init; }

    /// <summary>Answer 503: what a route whose backend is missing does, so the rest of the object keeps working.</summary>
    public static RouteAction ServiceUnavailable { get; } = new() { DirectResponse = new DirectResponseAction { StatusCode = 503 } };
}

/// <summary>Forward to one or more weighted clusters.</summary>
public sealed record ForwardAction
{
    /// <summary>Sorted by cluster name; weights are relative (a single cluster has any weight).</summary>
    public required EquatableArray<WeightedCluster> Clusters { get; init; }

    /// <summary>Request and idle timeouts; null uses the data plane's defaults.</summary>
    public TimeoutPolicy? Timeouts { get; init; }

    /// <summary>Retries; null means no retries.</summary>
    public RetryPolicy? Retry { get; init; }

    /// <summary>Allow WebSocket upgrades.</summary>
    public bool Websockets { get; init; }

    /// <summary>Replace the matched prefix with this value before forwarding.</summary>
    public string? PrefixRewrite { get; init; }

    /// <summary>Headers set or removed on the request sent upstream; null for none.</summary>
    public HeadersPolicy? RequestHeaders { get; init; }

    /// <summary>Headers set or removed on the response sent to the client; null for none.</summary>
    public HeadersPolicy? ResponseHeaders { get; init; }

    /// <summary>
    /// Clusters that get a copy of each request (Contour's mirror services), sorted by cluster
    /// name. Their responses are discarded; they never take part in <see cref="Clusters"/>' split.
    /// Empty (and left out of the JSON) when the route mirrors nothing.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public EquatableArray<RequestMirror> Mirrors { get; init; } = EquatableArray<RequestMirror>.Empty;
}

/// <summary>One cluster of a forward action and its share of traffic.</summary>
public sealed record WeightedCluster
{
    /// <summary>An <see cref="UpstreamCluster.Name"/> in the same table.</summary>
    public required string ClusterName { get; init; }

    /// <summary>The relative share of requests (0 gets none); 1 by default.</summary>
    public int Weight { get; init; } = 1;

    /// <summary>
    /// Headers set or removed on requests sent to this cluster only (Contour's per-service
    /// requestHeadersPolicy). Applied after the route's <see cref="ForwardAction.RequestHeaders"/>, so
    /// where both touch a header the service's policy wins.
    /// </summary>
    public HeadersPolicy? RequestHeaders { get; init; }

    /// <summary>
    /// Headers set or removed on responses from this cluster only (Contour's per-service
    /// responseHeadersPolicy). Applied after the route's <see cref="ForwardAction.ResponseHeaders"/>, so
    /// where both touch a header the service's policy wins.
    /// </summary>
    public HeadersPolicy? ResponseHeaders { get; init; }
}

/// <summary>A cluster that receives a copy of a share of a route's requests; its answers are discarded.</summary>
public sealed record RequestMirror
{
    /// <summary>An <see cref="UpstreamCluster.Name"/> in the same table.</summary>
    public required string ClusterName { get; init; }

    /// <summary>Percentage (1..100) of the route's requests that are copied to the cluster.</summary>
    public int Percent { get; init; } = 100;
}

/// <summary>Route timeouts; null means the data plane's default, <see cref="TimeSpan.Zero"/> means disabled.</summary>
public sealed record TimeoutPolicy
{
    /// <summary>How long the whole request may take; null: the data plane's default, zero: no limit.</summary>
    public TimeSpan? Request { get; init; }

    /// <summary>How long the request may stay idle; null: the data plane's default, zero: no limit.</summary>
    public TimeSpan? Idle { get; init; }
}

/// <summary>Retries of a route.</summary>
public sealed record RetryPolicy
{
    /// <summary>How many times a failed request is retried; 1 by default.</summary>
    public int Count { get; init; } = 1;

    /// <summary>The timeout of each try; null: the data plane's default.</summary>
    public TimeSpan? PerTryTimeout { get; init; }

    /// <summary>Envoy retry_on conditions, e.g. "5xx", "gateway-error", "connect-failure".</summary>
    public EquatableArray<string> RetryOn { get; init; } = EquatableArray<string>.Empty;
}

/// <summary>Headers to set or remove.</summary>
public sealed record HeadersPolicy
{
    /// <summary>Sorted by name.</summary>
    public EquatableArray<HeaderValue> Set { get; init; } = EquatableArray<HeaderValue>.Empty;

    /// <summary>Sorted.</summary>
    public EquatableArray<string> Remove { get; init; } = EquatableArray<string>.Empty;
}

/// <summary>A header name and value.</summary>
/// <param name="Name">The header's name.</param>
/// <param name="Value">The header's value.</param>
public sealed record HeaderValue(string Name, string Value);

/// <summary>Answer with a redirect.</summary>
public sealed record RedirectAction
{
    /// <summary>"http" or "https"; null keeps the request's.</summary>
    public string? Scheme { get; init; }

    /// <summary>The host to redirect to; null keeps the request's.</summary>
    public string? Host { get; init; }

    /// <summary>The port to redirect to; null keeps the scheme's default.</summary>
    public int? Port { get; init; }

    /// <summary>Replaces the whole path; null keeps it. Never set together with <see cref="PrefixRewrite"/>.</summary>
    public string? Path { get; init; }

    /// <summary>
    /// Replaces the part of the path the route's prefix matched (<see cref="RouteMatch.Path"/>), keeping
    /// the rest and the query string, as Envoy's redirect prefix_rewrite does: with route prefix "/old",
    /// "/old/a?b" becomes "/new/a?b" for "/new". Only on prefix routes; never set together with <see cref="Path"/>.
    /// </summary>
    public string? PrefixRewrite { get; init; }

    /// <summary>301 (the default) or 302.</summary>
    public int StatusCode { get; init; } = 301;
}

/// <summary>Answer directly, e.g. 503 when a route's service does not exist.</summary>
public sealed record DirectResponseAction
{
    /// <summary>The HTTP status answered, e.g. 503.</summary>
    public int StatusCode { get; init; }

    /// <summary>The response body; null for none.</summary>
    public string? Body { get; init; }
}
