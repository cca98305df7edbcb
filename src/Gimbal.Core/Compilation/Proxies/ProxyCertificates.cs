using Gimbal.Core.Compilation.Tls;
using Gimbal.Core.Kubernetes.Contour;
using Gimbal.Core.Routing;

namespace Gimbal.Core.Compilation.Proxies;

/// <summary>
/// spec.virtualhost.tls of a root: a Secret of the proxy's namespace, or "namespace/name" of another
/// namespace that a TLSCertificateDelegation there opens to this one (or to "*").
/// </summary>
internal sealed class ProxyCertificates(SnapshotIndex index, TlsResolver secrets, IReadOnlyList<TlsCertificateDelegation> delegations, DiagnosticBag diagnostics)
{
    /// <returns>False (with a diagnostic) when TLS was asked for and cannot be served: the root is then not served at all, never downgraded to plain HTTP.</returns>
    public bool TryResolve(ProxyEntry root, ProxyTls? tls, out TlsBinding? binding, out TlsCertificate? certificate)
    {
        binding = null;
        certificate = null;
        if (tls is null)
        {
            return true;
        }

        const string field = "spec.virtualhost.tls";
        if (tls.Passthrough == true)
        {
            diagnostics.Error(root.Ref, field + ".passthrough", ProxyDiagnosticCodes.NotSupported,
                "TLS passthrough (with tcpproxy) is not supported by Gimbal's data planes; the HTTPProxy is not served");
            return false;
        }

        if (tls.SecretName is not { Length: > 0 } secretName)
        {
            diagnostics.Error(root.Ref, field + ".secretName", ProxyDiagnosticCodes.SecretNotValid, "names no Secret; the HTTPProxy is not served");
            return false;
        }

        var slash = secretName.IndexOf('/', StringComparison.Ordinal);
        var (ns, name) = slash > 0 ? (secretName[..slash], secretName[(slash + 1)..]) : (root.Namespace, secretName);
        if (ns != root.Namespace && !Delegated(ns, name, root.Namespace))
        {
            diagnostics.Error(root.Ref, field + ".secretName", ProxyDiagnosticCodes.DelegationNotPermitted,
                $"Secret {DiagnosticBag.Quote(secretName)} is in namespace \"{ns}\", and no TLSCertificateDelegation there lets namespace \"{root.Namespace}\" use it; the HTTPProxy is not served");
            return false;
        }

        var key = SnapshotIndex.Key(ns, name);
        if (!index.Secrets.TryGetValue((ns, name), out var secret))
        {
            diagnostics.Error(root.Ref, field + ".secretName", ProxyDiagnosticCodes.SecretNotValid,
                $"Secret {DiagnosticBag.Quote(key)} does not exist; the HTTPProxy is not served until it does");
            return false;
        }

        certificate = secrets.LoadSecret(secret, key, out var problem);
        if (certificate is null)
        {
            diagnostics.Error(root.Ref, field + ".secretName", ProxyDiagnosticCodes.SecretNotValid,
                $"Secret {DiagnosticBag.Quote(key)} cannot be used: {problem}; the HTTPProxy is not served");
            return false;
        }

        var minimum = tls.MinimumProtocolVersion;
        if (minimum is not (null or "" or "1.2" or "1.3"))
        {
            diagnostics.Warning(root.Ref, field + ".minimumProtocolVersion", ProxyDiagnosticCodes.InvalidPolicy,
                $"{DiagnosticBag.Quote(minimum)} is not \"1.2\" or \"1.3\"; 1.2 is used");
            minimum = null;
        }

        if (tls.EnableFallbackCertificate == true)
        {
            diagnostics.Warning(root.Ref, field + ".enableFallbackCertificate", ProxyDiagnosticCodes.NotSupported,
                "fallback certificates are not supported by Gimbal's data planes; clients without SNI are not served");
        }

        binding = new TlsBinding { CertificateName = certificate.Name, MinimumProtocolVersion = minimum is { Length: > 0 } ? minimum : "1.2" };
        return true;
    }

    private bool Delegated(string secretNamespace, string secretName, string target) =>
        delegations.Any(d => d is not null
            && string.Equals(d.Metadata.Namespace, secretNamespace, StringComparison.Ordinal)
            && (d.Spec?.Delegations ?? []).Any(x => x is not null
                && string.Equals(x.SecretName, secretName, StringComparison.Ordinal)
                && (x.TargetNamespaces ?? []).Any(t => t == "*" || string.Equals(t, target, StringComparison.Ordinal))));
}
