namespace Gimbal.Core.Kubernetes;

/// <summary>core/v1 Service.</summary>
public sealed record Service : KubernetesObject
{
    /// <summary>An empty Service with apiVersion "v1" and kind "Service" set.</summary>
    public Service()
    {
        ApiVersion = "v1";
        Kind = "Service";
    }

    /// <summary>What the Service exposes: type, ports, selector.</summary>
    public ServiceSpec? Spec { get; init; }
    /// <summary>The load balancer status the cloud provider reports.</summary>
    public ServiceStatus? Status { get; init; }
}

/// <summary>Service spec: the fields Gimbal reads or writes.</summary>
public sealed record ServiceSpec : KubernetesModel
{
    /// <summary>ClusterIP (the default when null), NodePort, LoadBalancer or ExternalName.</summary>
    public string? Type { get; init; }
    /// <summary>The ports the Service exposes.</summary>
    public IReadOnlyList<ServicePort>? Ports { get; init; }
    /// <summary>The virtual IP, or "None" for a headless Service (which Gimbal's mirrors are).</summary>
    public string? ClusterIP { get; init; }
    /// <summary>The virtual IPs, one per IP family (dual-stack).</summary>
    public IReadOnlyList<string>? ClusterIPs { get; init; }
    /// <summary>For type ExternalName: the DNS name the Service aliases.</summary>
    public string? ExternalName { get; init; }
    /// <summary>Labels of the pods behind the Service; null for Services whose Endpoints are written by someone else (as mirrors are).</summary>
    public IReadOnlyDictionary<string, string>? Selector { get; init; }
}

/// <summary>spec.ports[].</summary>
public sealed record ServicePort : KubernetesModel
{
    /// <summary>The port's name; required when there are several. Ingress backends and Endpoints ports refer to it.</summary>
    public string? Name { get; init; }
    /// <summary>TCP (the default when null), UDP or SCTP.</summary>
    public string? Protocol { get; init; }
    /// <summary>The application protocol, e.g. "h2c", "kubernetes.io/h2c" or "https"; decides how Gimbal talks to the upstream.</summary>
    public string? AppProtocol { get; init; }
    /// <summary>The port the Service exposes.</summary>
    public int Port { get; init; }
    /// <summary>The pods' port, by number or name; null means the same as <see cref="Port"/>.</summary>
    public IntOrString? TargetPort { get; init; }
    /// <summary>The port on every node, for NodePort and LoadBalancer Services.</summary>
    public int? NodePort { get; init; }
}

/// <summary>Service status.</summary>
public sealed record ServiceStatus : KubernetesModel
{
    /// <summary>The addresses of the external load balancer, if any.</summary>
    public LoadBalancerStatus? LoadBalancer { get; init; }
}

/// <summary>status.loadBalancer of Services and Ingresses.</summary>
public sealed record LoadBalancerStatus : KubernetesModel
{
    /// <summary>The load balancer's addresses; Gimbal writes its own onto Ingresses and HTTPProxies.</summary>
    public IReadOnlyList<LoadBalancerIngress>? Ingress { get; init; }
}

/// <summary>status.loadBalancer.ingress[].</summary>
public sealed record LoadBalancerIngress : KubernetesModel
{
    /// <summary>An IP address.</summary>
    public string? Ip { get; init; }
    /// <summary>A DNS name, for load balancers known by name.</summary>
    public string? Hostname { get; init; }
}
