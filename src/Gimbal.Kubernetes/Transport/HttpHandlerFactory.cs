using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Gimbal.Kubernetes.Configuration;
using Gimbal.Kubernetes.Credentials;

namespace Gimbal.Kubernetes.Transport;

/// <summary>
/// The one SocketsHttpHandler of a client: pooled connections, HTTP/2 negotiated by ALPN over TLS
/// (HTTP/1.1 otherwise), the cluster's CA and tls-server-name for server verification, the client certificate.
/// </summary>
internal static class HttpHandlerFactory
{
    public static SocketsHttpHandler Create(KubernetesClientConfiguration configuration)
    {
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(10),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
            EnableMultipleHttp2Connections = true,
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
            KeepAlivePingDelay = TimeSpan.FromSeconds(30),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(15),
            AutomaticDecompression = System.Net.DecompressionMethods.None,
            UseProxy = false,
        };

        var ssl = handler.SslOptions;
        if (configuration.ClientCertificate is { } clientCertificate)
        {
            ssl.ClientCertificates = [clientCertificate];
            ssl.LocalCertificateSelectionCallback = (_, _, _, _, _) => clientCertificate;
        }

        if (configuration.InsecureSkipTlsVerify)
        {
            // insecure-skip-tls-verify: the user asked for exactly this.
#pragma warning disable CA5359
            ssl.RemoteCertificateValidationCallback = (_, _, _, _) => true;
#pragma warning restore CA5359
        }
        else if (configuration.CertificateAuthorities.Count > 0 || configuration.TlsServerName is not null)
        {
            var authorities = configuration.CertificateAuthorities;
            var serverName = configuration.TlsServerName;
            ssl.RemoteCertificateValidationCallback = (_, certificate, _, errors) => Verify(certificate, errors, authorities, serverName);
        }

        if (configuration.Credentials is ExecCredentials exec)
        {
            // The plugin's certificate can change while connections are pooled: pick it per handshake, and
            // close the connections made with the old one when it rotates (as client-go's connrotation does).
            var fallback = configuration.ClientCertificate;
            ssl.LocalCertificateSelectionCallback = (_, _, _, _, _) => exec.ClientCertificate ?? fallback!;
            var connections = new OpenConnections();
            exec.CertificateRotated += connections.CloseAll;
            var name = configuration.TlsServerName is { } n && !configuration.InsecureSkipTlsVerify ? n : null;
            handler.ConnectCallback = async (context, cancellationToken) =>
                connections.Add(await ConnectWithServerNameAsync(context, name ?? context.DnsEndPoint.Host, ssl, cancellationToken).ConfigureAwait(false));
        }
        else if (configuration.TlsServerName is { } name && !configuration.InsecureSkipTlsVerify)
        {
            handler.ConnectCallback = (context, cancellationToken) => ConnectWithServerNameAsync(context, name, ssl, cancellationToken);
        }

        return handler;
    }

    /// <summary>Connections opened by the handler, held weakly, so they can be closed together.</summary>
    private sealed class OpenConnections
    {
        private readonly Lock _gate = new();
        private readonly List<WeakReference<Stream>> _streams = [];

        public Stream Add(Stream stream)
        {
            lock (_gate)
            {
                _streams.RemoveAll(w => !w.TryGetTarget(out _));
                _streams.Add(new WeakReference<Stream>(stream));
            }

            return stream;
        }

        public void CloseAll()
        {
            List<Stream> open;
            lock (_gate)
            {
                open = _streams.Select(w => w.TryGetTarget(out var s) ? s : null).OfType<Stream>().ToList();
                _streams.Clear();
            }

            foreach (var stream in open)
            {
                stream.Dispose();
            }
        }
    }

    /// <summary>
    /// tls-server-name is also the SNI name sent. HttpClient always sends the request's host as SNI,
    /// so the TLS handshake is done here and the authenticated stream handed back to it.
    /// </summary>
    private static async ValueTask<Stream> ConnectWithServerNameAsync(SocketsHttpConnectionContext context, string serverName, SslClientAuthenticationOptions template, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken).ConfigureAwait(false);
            var network = new NetworkStream(socket, ownsSocket: true);
            if (context.InitialRequestMessage.RequestUri?.Scheme != Uri.UriSchemeHttps)
            {
                return network;
            }

            var tls = new SslStream(network, leaveInnerStreamOpen: false);
            try
            {
                await tls.AuthenticateAsClientAsync(
                    new SslClientAuthenticationOptions
                    {
                        TargetHost = serverName,
                        ApplicationProtocols = [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11],
                        ClientCertificates = template.ClientCertificates,
                        LocalCertificateSelectionCallback = template.LocalCertificateSelectionCallback,
                        RemoteCertificateValidationCallback = template.RemoteCertificateValidationCallback,
                    },
                    cancellationToken).ConfigureAwait(false);
                return tls;
            }
            catch
            {
                await tls.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static bool Verify(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2Collection authorities, string? serverName)
    {
        if (certificate is not X509Certificate2 server)
        {
            return false;
        }

        if (serverName is not null)
        {
            // The name checked is tls-server-name, not the URL's host.
            errors &= ~SslPolicyErrors.RemoteCertificateNameMismatch;
            if (!server.MatchesHostname(serverName))
            {
                return false;
            }
        }

        if ((errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
        {
            return false;
        }

        if (authorities.Count == 0)
        {
            return errors == SslPolicyErrors.None;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(server);
    }
}
