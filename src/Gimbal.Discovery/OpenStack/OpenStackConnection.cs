using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Gimbal.Discovery.OpenStack.Api;
using Gimbal.Discovery.OpenStack.Identity;

namespace Gimbal.Discovery.OpenStack;

/// <summary>
/// One connection to an OpenStack cloud: the HTTP client (with the configured CA and timeout), the Keystone
/// session and the authenticated API client built on it.
/// </summary>
public sealed class OpenStackConnection : IDisposable
{
    private readonly HttpClient _http;
    private readonly X509Certificate2Collection? _authorities;

    /// <summary>Builds the HTTP client (trusting <see cref="OpenStackOptions.CertificateAuthorityFile"/> when set), the session and the API client; nothing is sent yet.</summary>
    /// <param name="options">Credentials, CA file and HTTP timeout.</param>
    /// <param name="latency">Where call durations are recorded.</param>
    /// <param name="time">The clock of token renewal and latency.</param>
    public OpenStackConnection(OpenStackOptions options, IApiLatencyRecorder latency, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        if (options.CertificateAuthorityFile is { Length: > 0 } file)
        {
            _authorities = [];
            _authorities.ImportFromPemFile(file);
            handler.SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = ValidateAgainstAuthorities };
        }

        _http = new HttpClient(handler) { Timeout = options.HttpClientTimeout };
        Session = new KeystoneSession(new KeystoneAuthenticator(_http, options.Credentials, time, latency), time);
        Api = new OpenStackApiClient(_http, Session, time, latency);
        IdentityUrl = options.Credentials.IdentityV3Url();
    }

    /// <summary>The Keystone session: the current token, renewed before it expires.</summary>
    public KeystoneSession Session { get; }

    /// <summary>The authenticated API client.</summary>
    public OpenStackApiClient Api { get; }

    /// <summary>The Keystone v3 root, e.g. https://keystone.example.com:5000/v3/.</summary>
    public Uri IdentityUrl { get; }

    /// <summary>The raw HTTP client (for the unauthenticated Keystone reachability check).</summary>
    public HttpClient Http => _http;

    /// <summary>Disposes the session, the HTTP client and the loaded CA certificates.</summary>
    public void Dispose()
    {
        Session.Dispose();
        _http.Dispose();
        if (_authorities is not null)
        {
            foreach (var certificate in _authorities)
            {
                certificate.Dispose();
            }
        }
    }

    // The OpenStack endpoints' certificates chain to the given CA(s) only, as --openstack-certificate-authority means.
    private bool ValidateAgainstAuthorities(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0 || (errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
        {
            return false;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(_authorities!);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return custom.Build(leaf);
    }
}
