namespace Gimbal.Core.Kubernetes;

/// <summary>networking.k8s.io/v1 Ingress.</summary>
public sealed record Ingress : KubernetesObject
{
    /// <summary>An empty Ingress with apiVersion "networking.k8s.io/v1" and kind "Ingress" set.</summary>
    public Ingress()
    {
        ApiVersion = "networking.k8s.io/v1";
        Kind = "Ingress";
    }

    /// <summary>The class, TLS, rules and default backend.</summary>
    public IngressSpec? Spec { get; init; }
    /// <summary>The addresses the Ingress is reachable at, written by the controller.</summary>
    public IngressStatus? Status { get; init; }
}

/// <summary>Ingress spec.</summary>
public sealed record IngressSpec : KubernetesModel
{
    /// <summary>The IngressClass that should serve this Ingress; Gimbal serves its own class name and classes whose controller is Gimbal's.</summary>
    public string? IngressClassName { get; init; }
    /// <summary>Where requests that match no rule go; without rules it applies to every host (the catch-all).</summary>
    public IngressBackend? DefaultBackend { get; init; }
    /// <summary>Which hosts are served over TLS, with which Secret.</summary>
    public IReadOnlyList<IngressTls>? Tls { get; init; }
    /// <summary>Host and path rules.</summary>
    public IReadOnlyList<IngressRule>? Rules { get; init; }
}

/// <summary>spec.tls[].</summary>
public sealed record IngressTls : KubernetesModel
{
    /// <summary>The hosts served with this certificate (exact or "*.domain"); they must match rule hosts.</summary>
    public IReadOnlyList<string>? Hosts { get; init; }
    /// <summary>A kubernetes.io/tls Secret in the Ingress's namespace; missing or invalid, its hosts are served without TLS (with a diagnostic).</summary>
    public string? SecretName { get; init; }
}

/// <summary>spec.rules[].</summary>
public sealed record IngressRule : KubernetesModel
{
    /// <summary>The host the rule applies to: exact, or "*.domain" for one label below it; null or empty for every host.</summary>
    public string? Host { get; init; }
    /// <summary>The rule's HTTP paths.</summary>
    public HttpIngressRuleValue? Http { get; init; }
}

/// <summary>spec.rules[].http.</summary>
public sealed record HttpIngressRuleValue : KubernetesModel
{
    /// <summary>Paths and their backends; when several match, the longest wins.</summary>
    public IReadOnlyList<HttpIngressPath>? Paths { get; init; }
}

/// <summary>spec.rules[].http.paths[].</summary>
public sealed record HttpIngressPath : KubernetesModel
{
    /// <summary>The path, starting with '/'; for ImplementationSpecific a regex (RE2 syntax) when it holds regex characters.</summary>
    public string? Path { get; init; }
    /// <summary>Exact, Prefix (per segment) or ImplementationSpecific (Gimbal: a prefix, or a regex when the path holds regex characters).</summary>
    public string? PathType { get; init; }
    /// <summary>Where matching requests go.</summary>
    public IngressBackend? Backend { get; init; }
}

/// <summary>A backend: a Service (by port number or name) or a resource.</summary>
public sealed record IngressBackend : KubernetesModel
{
    /// <summary>A Service in the Ingress's namespace and one of its ports.</summary>
    public IngressServiceBackend? Service { get; init; }
    /// <summary>A backend other than a Service; Gimbal does not support these (diagnostic ResourceBackendUnsupported).</summary>
    public TypedLocalObjectReference? Resource { get; init; }
}

/// <summary>backend.service.</summary>
public sealed record IngressServiceBackend : KubernetesModel
{
    /// <summary>The Service's name, in the Ingress's namespace.</summary>
    public string? Name { get; init; }
    /// <summary>The Service port, by number or name.</summary>
    public ServiceBackendPort? Port { get; init; }
}

/// <summary>backend.service.port: number or name.</summary>
public sealed record ServiceBackendPort : KubernetesModel
{
    /// <summary>The Service port's name; set this or <see cref="Number"/>.</summary>
    public string? Name { get; init; }
    /// <summary>The Service port's number; set this or <see cref="Name"/>.</summary>
    public int? Number { get; init; }
}

/// <summary>backend.resource.</summary>
public sealed record TypedLocalObjectReference : KubernetesModel
{
    /// <summary>The referenced object's API group.</summary>
    public string? ApiGroup { get; init; }
    /// <summary>The referenced object's kind.</summary>
    public string? Kind { get; init; }
    /// <summary>The referenced object's name.</summary>
    public string? Name { get; init; }
}

/// <summary>Ingress status.</summary>
public sealed record IngressStatus : KubernetesModel
{
    /// <summary>The addresses Gimbal's data plane is reachable at.</summary>
    public LoadBalancerStatus? LoadBalancer { get; init; }
}

/// <summary>networking.k8s.io/v1 IngressClass.</summary>
public sealed record IngressClass : KubernetesObject
{
    /// <summary>"ingressclass.kubernetes.io/is-default-class": "true" on an IngressClass makes it apply to Ingresses that name no class.</summary>
    public const string IsDefaultClassAnnotation = "ingressclass.kubernetes.io/is-default-class";

    /// <summary>An empty IngressClass with apiVersion "networking.k8s.io/v1" and kind "IngressClass" set.</summary>
    public IngressClass()
    {
        ApiVersion = "networking.k8s.io/v1";
        Kind = "IngressClass";
    }

    /// <summary>The controller that serves the class.</summary>
    public IngressClassSpec? Spec { get; init; }
}

/// <summary>IngressClass spec.</summary>
public sealed record IngressClassSpec : KubernetesModel
{
    /// <summary>The controller's name; Gimbal serves classes whose controller is <see cref="Compilation.CompilerOptions.ControllerName"/>.</summary>
    public string? Controller { get; init; }
    /// <summary>Controller-specific settings; Gimbal reads none.</summary>
    public IngressClassParameters? Parameters { get; init; }
}

/// <summary>IngressClass spec.parameters.</summary>
public sealed record IngressClassParameters : KubernetesModel
{
    /// <summary>The parameters object's API group.</summary>
    public string? ApiGroup { get; init; }
    /// <summary>The parameters object's kind.</summary>
    public string? Kind { get; init; }
    /// <summary>The parameters object's name.</summary>
    public string? Name { get; init; }
    /// <summary>The parameters object's namespace, when <see cref="Scope"/> is "Namespace".</summary>
    public string? Namespace { get; init; }
    /// <summary>"Cluster" or "Namespace".</summary>
    public string? Scope { get; init; }
}
