using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Gimbal.Core.Routing;
using Gimbal.Yarp.Tests.Infrastructure;
using static Gimbal.Yarp.Tests.Infrastructure.Tables;

namespace Gimbal.Yarp.Tests.Tls;

/// <summary>TLS termination with SNI on a real listener, with certificates generated here.</summary>
public sealed class SniTests : IAsyncLifetime
{
    private readonly TlsCertificate _shop = TestCertificates.Create("team-a/shop", "shop.example.com");
    private readonly TlsCertificate _wildcard = TestCertificates.Create("team-b/wild", "*.apps.example.com");
    private Upstream _app = null!;

    public async Task InitializeAsync() => _app = await Upstream.StartAsync("app");

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Each_host_gets_its_own_certificate_and_https_requests_are_proxied()
    {
        await using var gateway = await StartAsync(UnknownSniBehavior.RejectHandshake);

        Assert.Equal(Subject(_shop), (await HandshakeAsync(gateway, "shop.example.com")).Subject);
        Assert.Equal(Subject(_wildcard), (await HandshakeAsync(gateway, "api.apps.example.com")).Subject);

        using var client = HttpsClient(gateway, "shop.example.com", out _);
        using var response = await client.GetAsync("https://shop.example.com/cart");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("app /cart HTTP/1.1", await response.Content.ReadAsStringAsync());
        Assert.Equal(new Version(2, 0), response.Version);
    }

    [Fact]
    public async Task Unknown_names_fail_the_handshake_when_configured_to()
    {
        await using var gateway = await StartAsync(UnknownSniBehavior.RejectHandshake);
        await Assert.ThrowsAnyAsync<Exception>(() => HandshakeAsync(gateway, "unknown.example.com"));
        await Assert.ThrowsAnyAsync<Exception>(() => HandshakeAsync(gateway, "a.b.apps.example.com"));
    }

    [Fact]
    public async Task Unknown_names_get_the_fallback_certificate_when_configured_to()
    {
        await using var gateway = await StartAsync(UnknownSniBehavior.FallbackCertificate);
        var fallback = TestCertificates.Create("gimbal/fallback", "fallback.gimbal.local");
        gateway.Certificates.SetFallback(TestCertificates.ToX509(fallback));
        Assert.Equal(Subject(fallback), (await HandshakeAsync(gateway, "unknown.example.com")).Subject);
    }

    [Fact]
    public async Task A_changed_certificate_is_served_without_a_restart()
    {
        await using var gateway = await StartAsync(UnknownSniBehavior.RejectHandshake);
        var renewed = TestCertificates.Create("team-a/shop", "shop.example.com", "www.shop.example.com");
        gateway.Apply(RoutesWith(renewed), EndpointTable(Endpoints("app", _app)));
        var served = await HandshakeAsync(gateway, "shop.example.com");
        Assert.Equal(X509Certificate2.CreateFromPem(renewed.CertificatePem).Thumbprint, served.Thumbprint);
    }

    [Fact]
    public async Task A_host_requiring_tls_1_3_refuses_a_tls_1_2_client()
    {
        await using var gateway = await TestGateway.StartAsync(o => o.UnknownSni = UnknownSniBehavior.RejectHandshake);
        var strict = TestCertificates.Create("team-c/strict", "strict.example.com");
        gateway.Apply(
            Table(
                [
                    Host("strict.example.com", Forward("/", "app")) with { Tls = new TlsBinding { CertificateName = strict.Name, MinimumProtocolVersion = "1.3" } },
                    Host("shop.example.com", Forward("/", "app")) with { Tls = new TlsBinding { CertificateName = _shop.Name } },
                ],
                [Cluster("app")],
                [strict, _shop]),
            EndpointTable(Endpoints("app", _app)));

        Assert.Equal(Subject(_shop), (await HandshakeAsync(gateway, "shop.example.com", SslProtocols.Tls12)).Subject);
        Assert.Equal(Subject(strict), (await HandshakeAsync(gateway, "strict.example.com", SslProtocols.Tls13)).Subject);
        await Assert.ThrowsAnyAsync<Exception>(() => HandshakeAsync(gateway, "strict.example.com", SslProtocols.Tls12));
    }

    private async Task<TestGateway> StartAsync(UnknownSniBehavior unknown)
    {
        var gateway = await TestGateway.StartAsync(o => o.UnknownSni = unknown);
        gateway.Apply(RoutesWith(_shop), EndpointTable(Endpoints("app", _app)));
        return gateway;
    }

    private RouteTable RoutesWith(TlsCertificate shop) => Table(
        [
            Host("shop.example.com", Forward("/", "app")) with { Tls = new TlsBinding { CertificateName = shop.Name } },
            Host("*.apps.example.com", Forward("/", "app")) with { Tls = new TlsBinding { CertificateName = _wildcard.Name } },
        ],
        [Cluster("app")],
        [shop, _wildcard]);

    private static string Subject(TlsCertificate certificate) => X509Certificate2.CreateFromPem(certificate.CertificatePem).Subject;

    private static async Task<X509Certificate2> HandshakeAsync(TestGateway gateway, string serverName, SslProtocols protocols = SslProtocols.None)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, gateway.HttpsPort);
        await using var ssl = new SslStream(tcp.GetStream());
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = serverName,
            EnabledSslProtocols = protocols,
            // Self-signed test certificates: the tests compare what was served instead.
            RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null,
        });
        return new X509Certificate2(ssl.RemoteCertificate!);
    }

    private static HttpClient HttpsClient(TestGateway gateway, string host, out SocketsHttpHandler handler)
    {
        handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, ct) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(IPAddress.Loopback, gateway.HttpsPort, ct);
                return new NetworkStream(socket, ownsSocket: true);
            },
            SslOptions = { RemoteCertificateValidationCallback = (_, cert, _, _) => cert is not null && cert.Subject == $"CN={host}" },
        };
        return new HttpClient(handler) { DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionOrLower };
    }
}
