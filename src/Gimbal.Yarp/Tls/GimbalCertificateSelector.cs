using System.Collections.Frozen;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gimbal.Core.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gimbal.Yarp.Tls;

/// <summary>
/// Chooses the certificate and TLS versions of each handshake from the SNI name, using the current
/// route table's hosts and certificates; <see cref="Update"/> swaps the table in atomically, so new
/// certificates apply to the next handshake without a restart.
/// </summary>
public sealed partial class GimbalCertificateSelector(IOptionsMonitor<GimbalYarpOptions> options, ILogger<GimbalCertificateSelector> logger)
{
    private volatile Snapshot _snapshot = Snapshot.Empty;
    private volatile SslStreamCertificateContext? _fallback;

    /// <summary>The certificate for unknown SNI names when <see cref="UnknownSniBehavior.FallbackCertificate"/> is chosen.</summary>
    public void SetFallback(X509Certificate2? certificate) =>
        _fallback = certificate is null ? null : SslStreamCertificateContext.Create(certificate, additionalCertificates: null, offline: true);

    /// <summary>
    /// Loads the certificates of <paramref name="table"/> (reusing those already loaded) and binds them to its TLS hosts,
    /// exact names and "*.domain" wildcards; swapped in atomically for the next handshake. A certificate that does not
    /// load is logged and its hosts get no certificate.
    /// </summary>
    /// <param name="table">The compiled route table.</param>
    public void Update(RouteTable table)
    {
        var previous = _snapshot;
        var contexts = new Dictionary<string, Loaded>(StringComparer.Ordinal);
        foreach (var certificate in table.Certificates)
        {
            if (previous.Certificates.TryGetValue(certificate.Name, out var loaded) && loaded.Source == certificate)
            {
                contexts[certificate.Name] = loaded;
                continue;
            }

            try
            {
                contexts[certificate.Name] = new Loaded(certificate, Load(certificate));
            }
            catch (CryptographicException ex)
            {
                LogInvalidCertificate(certificate.Name, ex.Message);
            }
        }

        var exact = new Dictionary<string, Binding>(StringComparer.OrdinalIgnoreCase);
        var wildcard = new Dictionary<string, Binding>(StringComparer.OrdinalIgnoreCase);
        foreach (var host in table.VirtualHosts)
        {
            if (host.Tls is null || !contexts.TryGetValue(host.Tls.CertificateName, out var loaded))
            {
                continue;
            }

            var protocols = host.Tls.MinimumProtocolVersion == "1.3" ? SslProtocols.Tls13 : SslProtocols.Tls12 | SslProtocols.Tls13;
            var binding = new Binding(loaded.Context, protocols);
            if (host.Name.StartsWith("*.", StringComparison.Ordinal))
            {
                wildcard[host.Name[2..]] = binding;
            }
            else if (host.Name != "*")
            {
                exact[host.Name] = binding;
            }
        }

        // Contour's fallback certificate: what clients that send no SNI get, when some host enabled it.
        var noSni = table.FallbackCertificateName is { } fallbackName && contexts.TryGetValue(fallbackName, out var fallbackLoaded)
            ? new Binding(fallbackLoaded.Context, SslProtocols.Tls12 | SslProtocols.Tls13)
            : null;
        _snapshot = new Snapshot(contexts.ToFrozenDictionary(StringComparer.Ordinal), exact.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase), wildcard.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase))
        {
            NoSni = noSni,
        };
    }

    /// <summary>The server options for a handshake; throws (failing the handshake) when the name has no certificate.</summary>
    public SslServerAuthenticationOptions Select(string? serverName)
    {
        var binding = Find(serverName);
        if (binding is null)
        {
            var fallback = options.CurrentValue.UnknownSni == UnknownSniBehavior.FallbackCertificate ? _fallback : null;
            if (fallback is null)
            {
                LogUnknownSni(serverName ?? "(none)");
                throw new AuthenticationException($"No certificate for server name '{serverName}'.");
            }

            binding = new Binding(fallback, SslProtocols.Tls12 | SslProtocols.Tls13);
        }

        return new SslServerAuthenticationOptions
        {
            ServerCertificateContext = binding.Context,
            EnabledSslProtocols = binding.Protocols,
            ApplicationProtocols = [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11],
            ClientCertificateRequired = false,
        };
    }

    private Binding? Find(string? serverName)
    {
        var snapshot = _snapshot;
        if (string.IsNullOrEmpty(serverName))
        {
            return snapshot.NoSni;
        }

        if (snapshot.Exact.TryGetValue(serverName, out var binding))
        {
            return binding;
        }

        var dot = serverName.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && snapshot.Wildcard.TryGetValue(serverName[(dot + 1)..], out binding) ? binding : null;
    }

    private static SslStreamCertificateContext Load(TlsCertificate certificate)
    {
        using var leaf = X509Certificate2.CreateFromPem(certificate.CertificatePem, certificate.PrivateKeyPem);

        // Exported and re-imported so the key is usable by SslStream on every platform.
        var usable = X509CertificateLoader.LoadPkcs12(leaf.Export(X509ContentType.Pkcs12), password: null);
        var chain = new X509Certificate2Collection();
        chain.ImportFromPem(certificate.CertificatePem);
        var intermediates = new X509Certificate2Collection();
        foreach (var cert in chain)
        {
            if (cert.Thumbprint != usable.Thumbprint)
            {
                intermediates.Add(cert);
            }
        }

        return SslStreamCertificateContext.Create(usable, intermediates, offline: true);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Certificate {Name} cannot be loaded and is not served: {Reason}")]
    private partial void LogInvalidCertificate(string name, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "TLS handshake for unknown server name {ServerName} refused")]
    private partial void LogUnknownSni(string serverName);

    private sealed record Loaded(TlsCertificate Source, SslStreamCertificateContext Context);

    private sealed record Binding(SslStreamCertificateContext Context, SslProtocols Protocols);

    private sealed record Snapshot(
        FrozenDictionary<string, Loaded> Certificates, FrozenDictionary<string, Binding> Exact, FrozenDictionary<string, Binding> Wildcard)
    {
        /// <summary>The route table's fallback certificate for handshakes without SNI; null when none.</summary>
        public Binding? NoSni { get; init; }

        public static Snapshot Empty { get; } = new(
            FrozenDictionary<string, Loaded>.Empty,
            FrozenDictionary<string, Binding>.Empty,
            FrozenDictionary<string, Binding>.Empty);
    }
}
