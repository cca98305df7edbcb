using Gimbal.Core.Routing;

namespace Gimbal.Core.Compilation.Backends;

/// <summary>What a route asks of its upstream: which Service port, and how to talk to it.</summary>
internal sealed record ClusterSpec(ServiceRef Service, UpstreamProtocol Protocol, LoadBalancerPolicy LoadBalancing, HealthCheckPolicy? HealthCheck, string? ExternalName)
{
    public string BaseName { get; } = $"{Service.Namespace}/{Service.Name}/{Service.Port}";

    /// <summary>True when nothing but the Service port is set: such a cluster keeps the plain name.</summary>
    public bool HasDefaultOptions =>
        Protocol == UpstreamProtocol.Http1 && LoadBalancing == DefaultLoadBalancing && HealthCheck is null;

    private static LoadBalancerPolicy DefaultLoadBalancing { get; } = new();

    /// <summary>A stable text of the options, hashed into the name suffix.</summary>
    public string OptionsText =>
        string.Join('|',
            Protocol, LoadBalancing.Strategy, LoadBalancing.HashHeader, LoadBalancing.HashCookie,
            HealthCheck?.Path, HealthCheck?.Host, HealthCheck?.Interval.Ticks, HealthCheck?.Timeout.Ticks,
            HealthCheck?.HealthyThreshold, HealthCheck?.UnhealthyThreshold);

    public UpstreamCluster ToCluster(string name) => new()
    {
        Name = name,
        Service = Service,
        Protocol = Protocol,
        LoadBalancing = LoadBalancing,
        HealthCheck = HealthCheck,
        ExternalName = ExternalName,
    };
}
