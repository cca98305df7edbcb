using Gimbal.Core.Compilation.Tls;
using Gimbal.Core.Kubernetes.Contour;
using Gimbal.Core.Routing;

namespace Gimbal.Core.Compilation.Proxies;

/// <summary>
/// spec.virtualhost.tls of a root: a Secret of the proxy's namespace, or "namespace/name" of another
/// namespace that a TLSCertificateDelegation there opens to this one (or to "*").
/// </summary>
internal sealed class ProxyCertificates(CompilerOptions options, SnapshotIndex index, TlsResolver secrets, IReadOnlyList<TlsCertificateDelegation> delegations, DiagnosticBag diagnostics)
{
    private const string Field = "spec.virtualhost.tls";

    /// <summary>
    /// False (with a diagnostic) when TLS was asked for and cannot be served: the root is then not served at all,
    /// never downgraded to plain HTTP. Passthrough succeeds with no binding: the upstream terminates TLS.
    /// </summary>
    public bool TryResolve(ProxyEntry root, ProxyTls? tls, bool tcpProxy, out TlsBinding? binding, out TlsCertificate? certificate, out TlsCertificate? fallback)
    {
        binding = null;
        certificate = null;
        fallback = null;
        if (tls is null)
        {
            return true;
        }

        if (tls.Passthrough == true)
        {
            return CheckPassthrough(root, tls, tcpProxy);
        }

        if (tls.SecretName is not { Length: > 0 } secretName)
        {
            diagnostics.Error(root.Ref, Field + ".secretName", ProxyDiagnosticCodes.SecretNotValid, "names no Secret; the HTTPProxy is not served");
            return false;
        }

        certificate = Load(root, secretName, Field + ".secretName", "Secret");
        if (certificate is null)
        {
            return false;
        }

        var minimum = tls.MinimumProtocolVersion;
        if (minimum is not (null or "" or "1.2" or "1.3"))
        {
            diagnostics.Warning(root.Ref, Field + ".minimumProtocolVersion", ProxyDiagnosticCodes.InvalidPolicy,
                $"{DiagnosticBag.Quote(minimum)} is not \"1.2\" or \"1.3\"; 1.2 is used");
            minimum = null;
        }

        if (tls.EnableFallbackCertificate == true && !TryFallback(root, tcpProxy, out fallback))
        {
            certificate = null;
            return false;
        }

        binding = new TlsBinding
        {
            CertificateName = certificate.Name,
            MinimumProtocolVersion = minimum is { Length: > 0 } ? minimum : "1.2",
            EnableFallbackCertificate = fallback is not null,
        };
        return true;
    }

    private bool CheckPassthrough(ProxyEntry root, ProxyTls tls, bool tcpProxy)
    {
        if (tls.SecretName is { Length: > 0 })
        {
            diagnostics.Error(root.Ref, Field, ProxyDiagnosticCodes.TlsIncompatibleFeatures,
                "passthrough and secretName cannot both be set (the upstream terminates TLS with passthrough); the HTTPProxy is not served");
            return false;
        }

        if (tls.EnableFallbackCertificate == true)
        {
            diagnostics.Error(root.Ref, Field, ProxyDiagnosticCodes.TlsIncompatibleFeatures,
                "passthrough and enableFallbackCertificate cannot both be set (a passed-through connection is routed by its SNI name); the HTTPProxy is not served");
            return false;
        }

        if (!tcpProxy)
        {
            diagnostics.Error(root.Ref, Field + ".passthrough", ProxyDiagnosticCodes.InvalidTcpProxy,
                "TLS passthrough needs spec.tcpproxy to say where the connections go; the HTTPProxy is not served");
            return false;
        }

        return true;
    }

    // Contour: the operator configures one fallback Secret; each root that opts in must have it delegated to its namespace.
    private bool TryFallback(ProxyEntry root, bool tcpProxy, out TlsCertificate? fallback)
    {
        fallback = null;
        const string at = Field + ".enableFallbackCertificate";
        if (tcpProxy)
        {
            diagnostics.Error(root.Ref, at, ProxyDiagnosticCodes.TlsIncompatibleFeatures,
                "a fallback certificate serves HTTP routes to clients without SNI and cannot be combined with tcpproxy; the HTTPProxy is not served");
            return false;
        }

        if (options.FallbackCertificate is not { Length: > 0 } configured || configured.IndexOf('/', StringComparison.Ordinal) <= 0)
        {
            diagnostics.Error(root.Ref, at, ProxyDiagnosticCodes.SecretNotValid,
                "no fallback certificate is configured (the operator sets it as \"namespace/name\" in the control plane's options); the HTTPProxy is not served");
            return false;
        }

        fallback = Load(root, configured, at, "fallback certificate Secret");
        return fallback is not null;
    }

    private TlsCertificate? Load(ProxyEntry root, string reference, string at, string what)
    {
        var slash = reference.IndexOf('/', StringComparison.Ordinal);
        var (ns, name) = slash > 0 ? (reference[..slash], reference[(slash + 1)..]) : (root.Namespace, reference);
        if (ns != root.Namespace && !Delegated(ns, name, root.Namespace))
        {
            diagnostics.Error(root.Ref, at, ProxyDiagnosticCodes.DelegationNotPermitted,
                $"{what} {DiagnosticBag.Quote(reference)} is in namespace \"{ns}\", and no TLSCertificateDelegation there lets namespace \"{root.Namespace}\" use it; the HTTPProxy is not served");
            return null;
        }

        var key = SnapshotIndex.Key(ns, name);
        if (!index.Secrets.TryGetValue((ns, name), out var secret))
        {
            diagnostics.Error(root.Ref, at, ProxyDiagnosticCodes.SecretNotValid,
                $"{what} {DiagnosticBag.Quote(key)} does not exist; the HTTPProxy is not served until it does");
            return null;
        }

        var certificate = secrets.LoadSecret(secret, key, out var problem);
        if (certificate is null)
        {
            diagnostics.Error(root.Ref, at, ProxyDiagnosticCodes.SecretNotValid,
                $"{what} {DiagnosticBag.Quote(key)} cannot be used: {problem}; the HTTPProxy is not served");
        }

        return certificate;
    }

    private bool Delegated(string secretNamespace, string secretName, string target) =>
        delegations.Any(d => d is not null
            && string.Equals(d.Metadata.Namespace, secretNamespace, StringComparison.Ordinal)
            && (d.Spec?.Delegations ?? []).Any(x => x is not null
                && string.Equals(x.SecretName, secretName, StringComparison.Ordinal)
                && (x.TargetNamespaces ?? []).Any(t => t == "*" || string.Equals(t, target, StringComparison.Ordinal))));
}
