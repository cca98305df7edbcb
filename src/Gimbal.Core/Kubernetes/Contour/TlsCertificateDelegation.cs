namespace Gimbal.Core.Kubernetes.Contour;

/// <summary>
/// projectcontour.io/v1 TLSCertificateDelegation: lets proxies in other namespaces use a Secret of this one.
/// </summary>
public sealed record TlsCertificateDelegation : KubernetesObject
{
    public const string Plural = "tlscertificatedelegations";

    public TlsCertificateDelegation()
    {
        ApiVersion = HttpProxy.ApiVersionV1;
        Kind = "TLSCertificateDelegation";
    }

    public TlsCertificateDelegationSpec? Spec { get; init; }
}

/// <summary>TLSCertificateDelegation spec.</summary>
public sealed record TlsCertificateDelegationSpec : KubernetesModel
{
    public IReadOnlyList<CertificateDelegation>? Delegations { get; init; }
}

/// <summary>spec.delegations[]: one Secret and the namespaces ("*" = all) that may use it.</summary>
public sealed record CertificateDelegation : KubernetesModel
{
    public string? SecretName { get; init; }
    public IReadOnlyList<string>? TargetNamespaces { get; init; }
}
