using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Gimbal.Core.Routing;
using Gimbal.Yarp.Tests.Infrastructure;
using static Gimbal.Yarp.Tests.Infrastructure.Tables;

namespace Gimbal.Yarp.Tests.Tls;

/// <summary>The route table's fallback certificate for TLS clients without SNI, and which hosts such clients may reach.</summary>
public sealed class FallbackCertificateTests : IAsyncLifetime
{
    private readonly TlsCertificate _enabled = TestCertificates.Create("team-a/enabled", "enabled.example.com");
    private readonly TlsCertificate _other = TestCertificates.Create("team-b/other", "other.example.com");
    private readonly TlsCertificate _fallback = TestCertificates.Create("gimbal/fallback", "fallback.example.com");
    private Upstream _app = null!;
    private TestGateway _gateway = null!;
    private string? _servedThumbprint;

    public async Task InitializeAsync()
    {
        _app = await Upstream.StartAsync("app");
        _gateway = await TestGateway.StartAsync(o => o.UnknownSni = UnknownSniBehavior.RejectHandshake);
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Clients_without_sni_get_the_fallback_certificate_and_reach_only_hosts_that_enabled_it()
    {
        _gateway.Apply(Routes(withFallback: true), EndpointTable(Endpoints("app", _app)));

        using var noSni = Client(serverName: string.Empty);
        await Eventually.HoldsAsync(
            async () => (await noSni.GetAsync("http://enabled.example.com/x")).StatusCode == HttpStatusCode.OK,
            "the enabled host is served without SNI");
        Assert.Equal(Thumbprint(_fallback), _servedThumbprint);

        using var refused = await noSni.GetAsync("http://other.example.com/x");
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);

        // With SNI, both hosts are served with their own certificates as before.
        using var withSni = Client(serverName: "other.example.com");
        using var served = await withSni.GetAsync("http://other.example.com/x");
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal(Thumbprint(_other), _servedThumbprint);
    }

    [Fact]
    public async Task Without_a_fallback_certificate_in_the_table_a_client_without_sni_is_refused()
    {
        _gateway.Apply(Routes(withFallback: false), EndpointTable(Endpoints("app", _app)));
        using var withSni = Client(serverName: "enabled.example.com");
        await Eventually.HoldsAsync(
            async () => (await withSni.GetAsync("http://enabled.example.com/x")).StatusCode == HttpStatusCode.OK,
            "the host is served with SNI");

        using var noSni = Client(serverName: string.Empty);
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => noSni.GetAsync("http://enabled.example.com/x"));
    }

    private RouteTable Routes(bool withFallback) =>
        Table(
            [
                Host("enabled.example.com", Forward("/", "app")) with { Tls = new TlsBinding { CertificateName = _enabled.Name, EnableFallbackCertificate = withFallback } },
                Host("other.example.com", Forward("/", "app")) with { Tls = new TlsBinding { CertificateName = _other.Name } },
            ],
            [Cluster("app")],
            withFallback ? [_enabled, _other, _fallback] : [_enabled, _other]) with
        {
            FallbackCertificateName = withFallback ? _fallback.Name : null,
        };

    private static string Thumbprint(TlsCertificate certificate) => X509Certificate2.CreateFromPem(certificate.CertificatePem).Thumbprint;

    /// <summary>HTTP/1.1 over a TLS connection made by hand, so the SNI name (or its absence) is independent of the Host header.</summary>
    private HttpClient Client(string serverName) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (_, ct) =>
        {
            var tcp = new TcpClient();
            await tcp.ConnectAsync(IPAddress.Loopback, _gateway.HttpsPort, ct);
            var ssl = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false);
            await ssl.AuthenticateAsClientAsync(
                new SslClientAuthenticationOptions
                {
                    TargetHost = serverName,
                    ApplicationProtocols = [SslApplicationProtocol.Http11],
                    // Self-signed test certificates: the tests compare what was served instead.
                    RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null,
                },
                ct);
            _servedThumbprint = new X509Certificate2(ssl.RemoteCertificate!).Thumbprint;
            return ssl;
        },
        PooledConnectionLifetime = TimeSpan.FromSeconds(5),
    })
    {
        Timeout = TimeSpan.FromSeconds(30),
    };
}
