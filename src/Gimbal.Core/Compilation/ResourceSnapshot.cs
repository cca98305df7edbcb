using Gimbal.Core.Kubernetes;
using Gimbal.Core.Kubernetes.Contour;

namespace Gimbal.Core.Compilation;

/// <summary>Everything the compiler reads, as one consistent set of objects (any order).</summary>
public sealed record ResourceSnapshot
{
    /// <summary>A snapshot with no objects; it compiles to an empty table.</summary>
    public static ResourceSnapshot Empty { get; } = new();

    /// <summary>Every Ingress; the compiler keeps those of Gimbal's class.</summary>
    public IReadOnlyList<Ingress> Ingresses { get; init; } = [];
    /// <summary>Every IngressClass: they decide which classes are Gimbal's, and the default class.</summary>
    public IReadOnlyList<IngressClass> IngressClasses { get; init; } = [];
    /// <summary>The Services backends name.</summary>
    public IReadOnlyList<Service> Services { get; init; } = [];
    /// <summary>The Endpoints of those Services.</summary>
    public IReadOnlyList<Endpoints> Endpoints { get; init; } = [];
    /// <summary>The EndpointSlices of those Services.</summary>
    public IReadOnlyList<EndpointSlice> EndpointSlices { get; init; } = [];
    /// <summary>The TLS Secrets that Ingresses and HTTPProxies name.</summary>
    public IReadOnlyList<Secret> Secrets { get; init; } = [];
    /// <summary>Every HTTPProxy; the compiler keeps those of Gimbal's class (or none).</summary>
    public IReadOnlyList<HttpProxy> HttpProxies { get; init; } = [];
    /// <summary>Permissions to use Secrets across namespaces, for HTTPProxy TLS.</summary>
    public IReadOnlyList<TlsCertificateDelegation> TlsCertificateDelegations { get; init; } = [];
}
