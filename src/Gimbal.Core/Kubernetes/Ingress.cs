namespace Gimbal.Core.Kubernetes;

/// <summary>networking.k8s.io/v1 Ingress.</summary>
public sealed record Ingress : KubernetesObject
{
    public Ingress()
    {
        ApiVersion = "networking.k8s.io/v1";
        Kind = "Ingress";
    }

    public IngressSpec? Spec { get; init; }
    public IngressStatus? Status { get; init; }
}

/// <summary>Ingress spec.</summary>
public sealed record IngressSpec : KubernetesModel
{
    public string? IngressClassName { get; init; }
    public IngressBackend? DefaultBackend { get; init; }
    public IReadOnlyList<IngressTls>? Tls { get; init; }
    public IReadOnlyList<IngressRule>? Rules { get; init; }
}

/// <summary>spec.tls[].</summary>
public sealed record IngressTls : KubernetesModel
{
    public IReadOnlyList<string>? Hosts { get; init; }
    public string? SecretName { get; init; }
}

/// <summary>spec.rules[].</summary>
public sealed record IngressRule : KubernetesModel
{
    public string? Host { get; init; }
    public HttpIngressRuleValue? Http { get; init; }
}

/// <summary>spec.rules[].http.</summary>
public sealed record HttpIngressRuleValue : KubernetesModel
{
    public IReadOnlyList<HttpIngressPath>? Paths { get; init; }
}

/// <summary>spec.rules[].http.paths[].</summary>
public sealed record HttpIngressPath : KubernetesModel
{
    public string? Path { get; init; }
    public string? PathType { get; init; }
    public IngressBackend? Backend { get; init; }
}

/// <summary>A backend: a Service (by port number or name) or a resource.</summary>
public sealed record IngressBackend : KubernetesModel
{
    public IngressServiceBackend? Service { get; init; }
    public TypedLocalObjectReference? Resource { get; init; }
}

/// <summary>backend.service.</summary>
public sealed record IngressServiceBackend : KubernetesModel
{
    public string? Name { get; init; }
    public ServiceBackendPort? Port { get; init; }
}

/// <summary>backend.service.port: number or name.</summary>
public sealed record ServiceBackendPort : KubernetesModel
{
    public string? Name { get; init; }
    public int? Number { get; init; }
}

/// <summary>backend.resource.</summary>
public sealed record TypedLocalObjectReference : KubernetesModel
{
    public string? ApiGroup { get; init; }
    public string? Kind { get; init; }
    public string? Name { get; init; }
}

/// <summary>Ingress status.</summary>
public sealed record IngressStatus : KubernetesModel
{
    public LoadBalancerStatus? LoadBalancer { get; init; }
}

/// <summary>networking.k8s.io/v1 IngressClass.</summary>
public sealed record IngressClass : KubernetesObject
{
    public const string IsDefaultClassAnnotation = "ingressclass.kubernetes.io/is-default-class";

    public IngressClass()
    {
        ApiVersion = "networking.k8s.io/v1";
        Kind = "IngressClass";
    }

    public IngressClassSpec? Spec { get; init; }
}

/// <summary>IngressClass spec.</summary>
public sealed record IngressClassSpec : KubernetesModel
{
    public string? Controller { get; init; }
    public IngressClassParameters? Parameters { get; init; }
}

/// <summary>IngressClass spec.parameters.</summary>
public sealed record IngressClassParameters : KubernetesModel
{
    public string? ApiGroup { get; init; }
    public string? Kind { get; init; }
    public string? Name { get; init; }
    public string? Namespace { get; init; }
    public string? Scope { get; init; }
}
