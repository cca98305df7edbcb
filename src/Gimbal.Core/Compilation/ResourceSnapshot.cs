using Gimbal.Core.Kubernetes;
using Gimbal.Core.Kubernetes.Contour;

namespace Gimbal.Core.Compilation;

/// <summary>Everything the compiler reads, as one consistent set of objects (any order).</summary>
public sealed record ResourceSnapshot
{
    public static ResourceSnapshot Empty { get; } = new();

    public IReadOnlyList<Ingress> Ingresses { get; init; } = [];
    public IReadOnlyList<IngressClass> IngressClasses { get; init; } = [];
    public IReadOnlyList<Service> Services { get; init; } = [];
    public IReadOnlyList<Endpoints> Endpoints { get; init; } = [];
    public IReadOnlyList<EndpointSlice> EndpointSlices { get; init; } = [];
    public IReadOnlyList<Secret> Secrets { get; init; } = [];
    public IReadOnlyList<HttpProxy> HttpProxies { get; init; } = [];
    public IReadOnlyList<TlsCertificateDelegation> TlsCertificateDelegations { get; init; } = [];
}
