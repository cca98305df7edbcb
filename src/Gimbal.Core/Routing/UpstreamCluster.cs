namespace Gimbal.Core.Routing;

/// <summary>
/// A set of endpoints a route forwards to, and how to talk to them. Named
/// "namespace/service/port", plus "/" and a short hash of the options when two routes use the same
/// service port with different options.
/// </summary>
public sealed record UpstreamCluster
{
    /// <summary>"namespace/service/port", with "/" and 8 hex digits of an options hash appended when the same port is used with other options; the key of <see cref="EndpointTable.Clusters"/>.</summary>
    public required string Name { get; init; }

    /// <summary>The Service port whose endpoints back the cluster.</summary>
    public required ServiceRef Service { get; init; }

    /// <summary>How the data plane talks to the endpoints; HTTP/1.1 by default.</summary>
    public UpstreamProtocol Protocol { get; init; } = UpstreamProtocol.Http1;

    /// <summary>How an endpoint is chosen; round robin by default.</summary>
    public LoadBalancerPolicy LoadBalancing { get; init; } = new();

    /// <summary>Active HTTP health checks; null for none.</summary>
    public HealthCheckPolicy? HealthCheck { get; init; }

    /// <summary>Connection and request limits; null uses the data plane's defaults.</summary>
    public CircuitBreakers? CircuitBreakers { get; init; }

    /// <summary>For ExternalName Services: the DNS name to resolve instead of endpoints.</summary>
    public string? ExternalName { get; init; }
}

/// <summary>A Service port: identity of the endpoints that back a cluster.</summary>
public sealed record ServiceRef
{
    /// <summary>The Service's namespace.</summary>
    public required string Namespace { get; init; }

    /// <summary>The Service's name.</summary>
    public required string Name { get; init; }

    /// <summary>The Service's port number (spec.ports[].port).</summary>
    public required int Port { get; init; }

    /// <summary>spec.ports[].name, which selects the Endpoints port.</summary>
    public string? PortName { get; init; }
}

/// <summary>How a data plane talks to upstream endpoints.</summary>
public enum UpstreamProtocol
{
    /// <summary>HTTP/1.1 over cleartext (the default).</summary>
    Http1,

    /// <summary>HTTP/2 over TLS.</summary>
    Http2,

    /// <summary>HTTP/2 over cleartext (prior knowledge).</summary>
    H2c,

    /// <summary>HTTP/1.1 over TLS.</summary>
    Tls,
}

/// <summary>Endpoint selection.</summary>
public sealed record LoadBalancerPolicy
{
    /// <summary>The strategy; round robin by default.</summary>
    public LoadBalancingStrategy Strategy { get; init; } = LoadBalancingStrategy.RoundRobin;

    /// <summary>For <see cref="LoadBalancingStrategy.RingHash"/>: hash this request header.</summary>
    public string? HashHeader { get; init; }

    /// <summary>For <see cref="LoadBalancingStrategy.RingHash"/>: hash this cookie.</summary>
    public string? HashCookie { get; init; }
}

/// <summary>Load-balancing strategies every data plane offers.</summary>
public enum LoadBalancingStrategy
{
    /// <summary>Each endpoint in turn, by weight.</summary>
    RoundRobin,
    /// <summary>The endpoint with the fewest active requests (weighted).</summary>
    LeastRequest,
    /// <summary>A random endpoint, by weight.</summary>
    Random,
    /// <summary>The less loaded of two random endpoints.</summary>
    PowerOfTwoChoices,
    /// <summary>Consistent hashing of <see cref="LoadBalancerPolicy.HashHeader"/> or <see cref="LoadBalancerPolicy.HashCookie"/>: equal values go to the same endpoint.</summary>
    RingHash,
}

/// <summary>Active HTTP health checking.</summary>
public sealed record HealthCheckPolicy
{
    /// <summary>The path probed; "/" by default.</summary>
    public string Path { get; init; } = "/";

    /// <summary>The Host header of probes; null leaves it to the data plane.</summary>
    public string? Host { get; init; }

    /// <summary>Time between probes; 5 s by default.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Time a probe may take; 2 s by default.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Passed probes in a row that make an endpoint healthy; 2 by default.</summary>
    public int HealthyThreshold { get; init; } = 2;

    /// <summary>Failed probes in a row that make an endpoint unhealthy; 3 by default.</summary>
    public int UnhealthyThreshold { get; init; } = 3;
}

/// <summary>Upstream connection limits; null fields mean the data plane's defaults.</summary>
public sealed record CircuitBreakers
{
    /// <summary>Most connections to the cluster's endpoints.</summary>
    public int? MaxConnections { get; init; }

    /// <summary>Most requests waiting for a connection.</summary>
    public int? MaxPendingRequests { get; init; }

    /// <summary>Most requests in flight.</summary>
    public int? MaxRequests { get; init; }

    /// <summary>Most retries in flight.</summary>
    public int? MaxRetries { get; init; }
}
