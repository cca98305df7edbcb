namespace Gimbal.Core.Kubernetes.Contour;

/// <summary>
/// projectcontour.io/v1 TLSCertificateDelegation: lets proxies in other namespaces use a Secret of this one.
/// </summary>
public sealed record TlsCertificateDelegation : KubernetesObject
{
    /// <summary>The resource name in API paths: "tlscertificatedelegations".</summary>
    public const string Plural = "tlscertificatedelegations";

    /// <summary>An empty TLSCertificateDelegation with apiVersion "projectcontour.io/v1" and kind "TLSCertificateDelegation" set.</summary>
    public TlsCertificateDelegation()
    {
        ApiVersion = HttpProxy.ApiVersionV1;
        Kind = "TLSCertificateDelegation";
    }

    /// <summary>The delegated Secrets.</summary>
    public TlsCertificateDelegationSpec? Spec { get; init; }
}

/// <summary>TLSCertificateDelegation spec.</summary>
public sealed record TlsCertificateDelegationSpec : KubernetesModel
{
    /// <summary>One entry per delegated Secret.</summary>
    public IReadOnlyList<CertificateDelegation>? Delegations { get; init; }
}

/// <summary>spec.delegations[]: one Secret and the namespaces ("*" = all) that may use it.</summary>
public sealed record CertificateDelegation : KubernetesModel
{
    /// <summary>A Secret in the delegation's namespace.</summary>
    public string? SecretName { get; init; }
    /// <summary>The namespaces whose proxies may use it, as "&lt;namespace&gt;/&lt;secret&gt;"; "*" for all.</summary>
    public IReadOnlyList<string>? TargetNamespaces { get; init; }
}
