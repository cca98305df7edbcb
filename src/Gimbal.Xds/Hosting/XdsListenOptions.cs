using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Gimbal.Xds.Hosting;

/// <summary>Where and how the xDS server listens: HTTP/2 cleartext, TLS (ALPN h2), or mutual TLS.</summary>
public sealed record XdsListenOptions
{
    /// <summary>The address to bind; loopback by default, <see cref="IPAddress.Any"/> to serve other hosts.</summary>
    public IPAddress Address { get; init; } = IPAddress.Loopback;

    /// <summary>0 picks a free port.</summary>
    public int Port { get; init; } = 8001;

    /// <summary>Serve TLS with this certificate (it must carry its private key); null serves cleartext h2c.</summary>
    public X509Certificate2? ServerCertificate { get; init; }

    /// <summary>With TLS: require client certificates issued by one of these authorities (mTLS).</summary>
    public X509Certificate2Collection? ClientCertificateAuthorities { get; init; }
}

/// <summary>Adds the xDS listening endpoint to Kestrel.</summary>
public static class XdsKestrelExtensions
{
    /// <summary>Adds an HTTP/2-only endpoint for xDS clients.</summary>
    public static void ListenGimbalXds(this KestrelServerOptions kestrel, XdsListenOptions options)
    {
        kestrel.Listen(options.Address, options.Port, listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            if (options.ServerCertificate is not { } certificate)
            {
                return;
            }

            listen.UseHttps(https =>
            {
                https.ServerCertificate = certificate;
                if (options.ClientCertificateAuthorities is { Count: > 0 } authorities)
                {
                    https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
                    https.ClientCertificateValidation = (client, _, _) => IssuedBy(client, authorities);
                }
            });
        });
    }

    private static bool IssuedBy(X509Certificate2 client, X509Certificate2Collection authorities)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(client);
    }
}
