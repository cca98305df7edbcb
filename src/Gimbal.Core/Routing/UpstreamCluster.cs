namespace Gimbal.Core.Routing;

/// <summary>
/// A set of endpoints a route forwards to, and how to talk to them. Named
/// "namespace/service/port", plus "/" and a short hash of the options when two routes use the same
/// service port with different options.
/// </summary>
public sealed record UpstreamCluster
{
    public required string Name { get; init; }

    public required ServiceRef Service { get; init; }

    public UpstreamProtocol Protocol { get; init; } = UpstreamProtocol.Http1;

    public LoadBalancerPolicy LoadBalancing { get; init; } = new();

    public HealthCheckPolicy? HealthCheck { get; init; }

    public CircuitBreakers? CircuitBreakers { get; init; }

    /// <summary>For ExternalName Services: the DNS name to resolve instead of endpoints.</summary>
    public string? ExternalName { get; init; }
}

/// <summary>A Service port: identity of the endpoints that back a cluster.</summary>
public sealed record ServiceRef
{
    public required string Namespace { get; init; }

    public required string Name { get; init; }

    /// <summary>The Service's port number (spec.ports[].port).</summary>
    public required int Port { get; init; }

    /// <summary>spec.ports[].name, which selects the Endpoints port.</summary>
    public string? PortName { get; init; }
}

/// <summary>How a data plane talks to upstream endpoints.</summary>
public enum UpstreamProtocol
{
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
    public LoadBalancingStrategy Strategy { get; init; } = LoadBalancingStrategy.RoundRobin;

    /// <summary>For <see cref="LoadBalancingStrategy.RingHash"/>: hash this request header.</summary>
    public string? HashHeader { get; init; }

    /// <summary>For <see cref="LoadBalancingStrategy.RingHash"/>: hash this cookie.</summary>
    public string? HashCookie { get; init; }
}

/// <summary>Load-balancing strategies every data plane offers.</summary>
public enum LoadBalancingStrategy
{
    RoundRobin,
    LeastRequest,
    Random,
    PowerOfTwoChoices,
    RingHash,
}

/// <summary>Active HTTP health checking.</summary>
public sealed record HealthCheckPolicy
{
    public string Path { get; init; } = "/";

    public string? Host { get; init; }

    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(2);

    public int HealthyThreshold { get; init; } = 2;

    public int UnhealthyThreshold { get; init; } = 3;
}

/// <summary>Upstream connection limits; null fields mean the data plane's defaults.</summary>
public sealed record CircuitBreakers
{
    public int? MaxConnections { get; init; }

    public int? MaxPendingRequests { get; init; }

    public int? MaxRequests { get; init; }

    public int? MaxRetries { get; init; }
}
