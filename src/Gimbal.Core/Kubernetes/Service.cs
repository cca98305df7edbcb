namespace Gimbal.Core.Kubernetes;

/// <summary>core/v1 Service.</summary>
public sealed record Service : KubernetesObject
{
    public Service()
    {
        ApiVersion = "v1";
        Kind = "Service";
    }

    public ServiceSpec? Spec { get; init; }
    public ServiceStatus? Status { get; init; }
}

/// <summary>Service spec: the fields Gimbal reads or writes.</summary>
public sealed record ServiceSpec : KubernetesModel
{
    public string? Type { get; init; }
    public IReadOnlyList<ServicePort>? Ports { get; init; }
    public string? ClusterIP { get; init; }
    public IReadOnlyList<string>? ClusterIPs { get; init; }
    public string? ExternalName { get; init; }
    public IReadOnlyDictionary<string, string>? Selector { get; init; }
}

/// <summary>spec.ports[].</summary>
public sealed record ServicePort : KubernetesModel
{
    public string? Name { get; init; }
    public string? Protocol { get; init; }
    public string? AppProtocol { get; init; }
    public int Port { get; init; }
    public IntOrString? TargetPort { get; init; }
    public int? NodePort { get; init; }
}

/// <summary>Service status.</summary>
public sealed record ServiceStatus : KubernetesModel
{
    public LoadBalancerStatus? LoadBalancer { get; init; }
}

/// <summary>status.loadBalancer of Services and Ingresses.</summary>
public sealed record LoadBalancerStatus : KubernetesModel
{
    public IReadOnlyList<LoadBalancerIngress>? Ingress { get; init; }
}

/// <summary>status.loadBalancer.ingress[].</summary>
public sealed record LoadBalancerIngress : KubernetesModel
{
    public string? Ip { get; init; }
    public string? Hostname { get; init; }
}
