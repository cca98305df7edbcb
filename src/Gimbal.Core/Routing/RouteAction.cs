using Gimbal.Core.Collections;

namespace Gimbal.Core.Routing;

/// <summary>What a matched route does: exactly one of forward, redirect or a direct response.</summary>
public sealed record RouteAction
{
    public ForwardAction? Forward { get; init; }

    public RedirectAction? Redirect { get; init; }

    public DirectResponseAction? DirectResponse { get; init; }

    public static RouteAction ServiceUnavailable { get; } = new() { DirectResponse = new DirectResponseAction { StatusCode = 503 } };
}

/// <summary>Forward to one or more weighted clusters.</summary>
public sealed record ForwardAction
{
    /// <summary>Sorted by cluster name; weights are relative (a single cluster has any weight).</summary>
    public required EquatableArray<WeightedCluster> Clusters { get; init; }

    public TimeoutPolicy? Timeouts { get; init; }

    public RetryPolicy? Retry { get; init; }

    public bool Websockets { get; init; }

    /// <summary>Replace the matched prefix with this value before forwarding.</summary>
    public string? PrefixRewrite { get; init; }

    public HeadersPolicy? RequestHeaders { get; init; }

    public HeadersPolicy? ResponseHeaders { get; init; }
}

/// <summary>One cluster of a forward action and its share of traffic.</summary>
public sealed record WeightedCluster
{
    /// <summary>An <see cref="UpstreamCluster.Name"/> in the same table.</summary>
    public required string ClusterName { get; init; }

    public int Weight { get; init; } = 1;
}

/// <summary>Route timeouts; null means the data plane's default, <see cref="TimeSpan.Zero"/> means disabled.</summary>
public sealed record TimeoutPolicy
{
    public TimeSpan? Request { get; init; }

    public TimeSpan? Idle { get; init; }
}

/// <summary>Retries of a route.</summary>
public sealed record RetryPolicy
{
    public int Count { get; init; } = 1;

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
public sealed record HeaderValue(string Name, string Value);

/// <summary>Answer with a redirect.</summary>
public sealed record RedirectAction
{
    public string? Scheme { get; init; }

    public string? Host { get; init; }

    public int? Port { get; init; }

    public string? Path { get; init; }

    public int StatusCode { get; init; } = 301;
}

/// <summary>Answer directly, e.g. 503 when a route's service does not exist.</summary>
public sealed record DirectResponseAction
{
    public int StatusCode { get; init; }

    public string? Body { get; init; }
}
