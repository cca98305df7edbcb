namespace Gimbal.Discovery.OpenStack.Model;

/// <summary>A reference to another resource: {"id": "..."}.</summary>
/// <param name="Id">The referenced resource's ID; null when the JSON had none.</param>
public sealed record IdRef(string? Id);

/// <summary>A Keystone project (GET /v3/projects).</summary>
/// <param name="Id">The project ID.</param>
/// <param name="Name">The project name: the namespace its load balancers are mirrored into.</param>
/// <param name="Enabled">Whether the project is enabled; null when Keystone did not say.</param>
/// <param name="DomainId">The project's domain ID.</param>
public sealed record Project(string? Id, string? Name, bool? Enabled = null, string? DomainId = null);

/// <summary>A load balancer (Octavia or Neutron LBaaS v2), the fields Gimbal reads.</summary>
public sealed record LoadBalancer
{
    /// <summary>The load balancer ID: part of the mirrored Service's name.</summary>
    public string? Id { get; init; }
    /// <summary>The load balancer's display name; may be empty.</summary>
    public string? Name { get; init; }
    /// <summary>The owning project's ID.</summary>
    public string? ProjectId { get; init; }
    /// <summary>The owning project's ID under its older Neutron name.</summary>
    public string? TenantId { get; init; }
    /// <summary>The load balancer's virtual IP address.</summary>
    public string? VipAddress { get; init; }
    /// <summary>ACTIVE, PENDING_CREATE, PENDING_UPDATE, PENDING_DELETE or ERROR.</summary>
    public string? ProvisioningStatus { get; init; }
    /// <summary>ONLINE, OFFLINE, DEGRADED, ERROR or NO_MONITOR.</summary>
    public string? OperatingStatus { get; init; }
    /// <summary>References to the load balancer's listeners.</summary>
    public IReadOnlyList<IdRef>? Listeners { get; init; }
}

/// <summary>A listener: the port a load balancer accepts on, and the pool it sends to by default.</summary>
public sealed record Listener
{
    /// <summary>The listener ID.</summary>
    public string? Id { get; init; }
    /// <summary>The listener's display name; may be empty.</summary>
    public string? Name { get; init; }
    /// <summary>TCP, HTTP, HTTPS, TERMINATED_HTTPS, UDP, …; mirrored ports are TCP whatever it says.</summary>
    public string? Protocol { get; init; }
    /// <summary>The port the load balancer accepts on (1-65535): the mirrored Service's port, named "port-&lt;n&gt;".</summary>
    public int? ProtocolPort { get; init; }
    /// <summary>The pool whose members become the port's endpoints; null when the listener has none.</summary>
    public string? DefaultPoolId { get; init; }
    /// <summary>References to the load balancers the listener belongs to.</summary>
    public IReadOnlyList<IdRef>? Loadbalancers { get; init; }
}

/// <summary>A pool. Its "members" list is not read: Neutron gives bare IDs there, Octavia objects; members are listed per pool.</summary>
public sealed record Pool
{
    /// <summary>The pool ID.</summary>
    public string? Id { get; init; }
    /// <summary>The pool's display name; may be empty.</summary>
    public string? Name { get; init; }
    /// <summary>The protocol the pool speaks to its members, e.g. TCP or HTTP.</summary>
    public string? Protocol { get; init; }
    /// <summary>References to the listeners using the pool.</summary>
    public IReadOnlyList<IdRef>? Listeners { get; init; }
    /// <summary>References to the load balancers the pool belongs to.</summary>
    public IReadOnlyList<IdRef>? Loadbalancers { get; init; }
}

/// <summary>A pool member: a backend address and port, its weight and state.</summary>
public sealed record Member
{
    /// <summary>The member ID.</summary>
    public string? Id { get; init; }
    /// <summary>The member's display name; may be empty.</summary>
    public string? Name { get; init; }
    /// <summary>The backend's IPv4 or IPv6 address: an endpoint address of the mirror.</summary>
    public string? Address { get; init; }
    /// <summary>The backend's port (1-65535).</summary>
    public int? ProtocolPort { get; init; }
    /// <summary>Octavia weight 0-256; 0 takes no new connections, so the endpoint is kept as not ready. Null when not given.</summary>
    public int? Weight { get; init; }
    /// <summary>False when an operator disabled the member: its endpoint is kept as not ready.</summary>
    public bool? AdminStateUp { get; init; }

    /// <summary>Octavia only (ONLINE, NO_MONITOR, DRAINING, ERROR, OFFLINE, …); Neutron LBaaS lists have none.</summary>
    public string? OperatingStatus { get; init; }
}
