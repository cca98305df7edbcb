using System.Text;
using Gimbal.Core.Diagnostics;
using Gimbal.Core.Kubernetes;
using Gimbal.Core.Routing;

namespace Gimbal.Core.Compilation.Tls;

/// <summary>Turns an Ingress tls[] entry into a certificate from a kubernetes.io/tls Secret of the same namespace.</summary>
internal sealed class TlsResolver(SnapshotIndex index, CertificateValidator validator, DiagnosticBag diagnostics)
{
    /// <summary>What a Secret object gave last time: snapshot objects are immutable, so the same object gives the same answer.</summary>
    internal sealed record Loaded(TlsCertificate? Certificate, string? Problem);

    private readonly Dictionary<(string, string), TlsCertificate?> _resolved = [];

    public TlsCertificate? Resolve(IngressEntry entry, IngressTls tls, string field)
    {
        if (tls.SecretName is not { Length: > 0 } secretName)
        {
            diagnostics.Error(entry.Ref, field + ".secretName", DiagnosticCodes.TlsSecretMissingName, "names no Secret; its hosts are served without TLS");
            return null;
        }

        var key = (entry.Namespace, secretName);
        if (!index.Secrets.TryGetValue(key, out var secret))
        {
            diagnostics.Error(entry.Ref, field + ".secretName", DiagnosticCodes.TlsSecretNotFound,
                $"Secret {DiagnosticBag.Quote(secretName)} does not exist in namespace \"{entry.Namespace}\"; its hosts are served without TLS");
            return null;
        }

        if (!_resolved.TryGetValue(key, out var certificate))
        {
            var loaded = validator.Remembered(secret, () =>
            {
                var problem = Load(secret, SnapshotIndex.Key(key.Namespace, key.secretName), out var c);
                return new Loaded(c, problem);
            });
            var problem = loaded.Problem;
            certificate = loaded.Certificate;
            if (problem is not null)
            {
                certificate = null;
                diagnostics.Error(entry.Ref, field + ".secretName", DiagnosticCodes.TlsSecretInvalid,
                    $"Secret {DiagnosticBag.Quote(secretName)} cannot be used: {problem}; its hosts are served without TLS");
            }

            _resolved[key] = certificate;
        }
        else if (certificate is null)
        {
            diagnostics.Error(entry.Ref, field + ".secretName", DiagnosticCodes.TlsSecretInvalid,
                $"Secret {DiagnosticBag.Quote(secretName)} cannot be used (see the diagnostic on its first use); its hosts are served without TLS");
        }

        return certificate;
    }

    /// <summary>The certificate of a Secret that other rules (HTTPProxy, certificate delegation) selected, or why it cannot be used.</summary>
    public TlsCertificate? LoadSecret(Secret secret, string name, out string? problem)
    {
        var loaded = validator.Remembered(secret, () =>
        {
            var p = Load(secret, name, out var c);
            return new Loaded(c, p);
        });
        problem = loaded.Problem;
        return problem is null ? loaded.Certificate : null;
    }

    private string? Load(Secret secret, string name, out TlsCertificate? certificate)
    {
        certificate = null;
        if (!string.Equals(secret.Type, Secret.TlsType, StringComparison.Ordinal))
        {
            return $"its type is {DiagnosticBag.Quote(secret.Type)}, not \"{Secret.TlsType}\"";
        }

        var cert = Read(secret, Secret.TlsCertKey);
        var key = Read(secret, Secret.TlsPrivateKeyKey);
        if (cert is null || key is null)
        {
            return $"it lacks {(cert is null ? Secret.TlsCertKey : Secret.TlsPrivateKeyKey)}";
        }

        if (validator.Validate(cert, key) is { } problem)
        {
            return problem;
        }

        certificate = new TlsCertificate { Name = name, CertificatePem = cert, PrivateKeyPem = key };
        return null;
    }

    private static string? Read(Secret secret, string key)
    {
        if (secret.StringData is { } text && text.TryGetValue(key, out var s) && !string.IsNullOrWhiteSpace(s))
        {
            return s;
        }

        return secret.Data is { } data && data.TryGetValue(key, out var bytes) && bytes is { Length: > 0 } ? Encoding.UTF8.GetString(bytes) : null;
    }
}
