namespace Gimbal.Discovery.OpenStack.Model;

/// <summary>A reference to another resource: {"id": "..."}.</summary>
public sealed record IdRef(string? Id);

/// <summary>A Keystone project (GET /v3/projects).</summary>
public sealed record Project(string? Id, string? Name, bool? Enabled = null, string? DomainId = null);

/// <summary>A load balancer (Octavia or Neutron LBaaS v2), the fields Gimbal reads.</summary>
public sealed record LoadBalancer
{
    public string? Id { get; init; }
    public string? Name { get; init; }
    public string? ProjectId { get; init; }
    public string? TenantId { get; init; }
    public string? VipAddress { get; init; }
    public string? ProvisioningStatus { get; init; }
    public string? OperatingStatus { get; init; }
    public IReadOnlyList<IdRef>? Listeners { get; init; }
}

/// <summary>A listener: the port a load balancer accepts on, and the pool it sends to by default.</summary>
public sealed record Listener
{
    public string? Id { get; init; }
    public string? Name { get; init; }
    public string? Protocol { get; init; }
    public int? ProtocolPort { get; init; }
    public string? DefaultPoolId { get; init; }
    public IReadOnlyList<IdRef>? Loadbalancers { get; init; }
}

/// <summary>A pool. Its "members" list is not read: Neutron gives bare IDs there, Octavia objects; members are listed per pool.</summary>
public sealed record Pool
{
    public string? Id { get; init; }
    public string? Name { get; init; }
    public string? Protocol { get; init; }
    public IReadOnlyList<IdRef>? Listeners { get; init; }
    public IReadOnlyList<IdRef>? Loadbalancers { get; init; }
}

/// <summary>A pool member: a backend address and port, its weight and state.</summary>
public sealed record Member
{
    public string? Id { get; init; }
    public string? Name { get; init; }
    public string? Address { get; init; }
    public int? ProtocolPort { get; init; }
    public int? Weight { get; init; }
    public bool? AdminStateUp { get; init; }

    /// <summary>Octavia only (ONLINE, NO_MONITOR, DRAINING, ERROR, OFFLINE, …); Neutron LBaaS lists have none.</summary>
    public string? OperatingStatus { get; init; }
}
