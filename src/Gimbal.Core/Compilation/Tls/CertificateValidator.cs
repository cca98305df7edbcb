using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Gimbal.Core.Compilation.Tls;

/// <summary>
/// Checks that a certificate chain and private key parse and belong together. Parsing keys is the
/// costliest step of a compile, so answers are remembered per content for as long as a compile
/// still uses them (one generation), and per Secret object for as long as the object lives: a
/// Secret that does not change is checked once. Share one instance between compilers to share that work.
/// </summary>
public sealed class CertificateValidator
{
    private readonly Lock _gate = new();
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<Kubernetes.Secret, TlsResolver.Loaded> _bySecret = new();
    private Dictionary<(string, string), string?> _current = [];
    private Dictionary<(string, string), string?> _previous = [];

    /// <returns>Null when valid, otherwise why not.</returns>
    public string? Validate(string certificatePem, string privateKeyPem)
    {
        var key = (certificatePem, privateKeyPem);
        lock (_gate)
        {
            if (_current.TryGetValue(key, out var known))
            {
                return known;
            }

            if (_previous.TryGetValue(key, out known))
            {
                _current[key] = known;
                return known;
            }
        }

        var result = Check(certificatePem, privateKeyPem);
        lock (_gate)
        {
            _current[key] = result;
        }

        return result;
    }

    internal TlsResolver.Loaded Remembered(Kubernetes.Secret secret, Func<TlsResolver.Loaded> load) =>
        _bySecret.TryGetValue(secret, out var loaded) ? loaded : _bySecret.GetValue(secret, _ => load());

    /// <summary>Forgets answers no compile asked for since the previous call.</summary>
    public void EndGeneration()
    {
        lock (_gate)
        {
            _previous = _current;
            _current = [];
        }
    }

    private static string? Check(string certificatePem, string privateKeyPem)
    {
        if (!certificatePem.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
        {
            return "tls.crt holds no PEM certificate";
        }

        if (!privateKeyPem.Contains("PRIVATE KEY-----", StringComparison.Ordinal))
        {
            return "tls.key holds no PEM private key";
        }

        try
        {
            using var certificate = X509Certificate2.CreateFromPem(certificatePem);
            using var key = KeyFor(certificate);
            if (key is null)
            {
                // Algorithms other than RSA and ECDSA: let the platform pair them (slower, but rare).
                using var paired = X509Certificate2.CreateFromPem(certificatePem, privateKeyPem);
                return paired.HasPrivateKey ? null : KeyMismatch;
            }

            // Comparing public keys is enough to know the pair belongs together, and costs a third of pairing them.
            key.ImportFromPem(privateKeyPem);
            return key.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(certificate.PublicKey.ExportSubjectPublicKeyInfo()) ? null : KeyMismatch;
        }
        catch (CryptographicException e)
        {
            return "tls.crt and tls.key do not form a certificate with its private key: " + e.Message;
        }
        catch (ArgumentException e)
        {
            return "tls.crt and tls.key do not belong together or are not valid PEM: " + e.Message;
        }
    }

    private const string KeyMismatch = "tls.key does not belong to the certificate in tls.crt";

    private static AsymmetricAlgorithm? KeyFor(X509Certificate2 certificate) => certificate.PublicKey.Oid.Value switch
    {
        "1.2.840.113549.1.1.1" => RSA.Create(),
        "1.2.840.10045.2.1" => ECDsa.Create(),
        _ => null,
    };
}
