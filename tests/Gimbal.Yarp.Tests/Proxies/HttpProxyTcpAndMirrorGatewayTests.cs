using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Gimbal.Yarp.Tests.Infrastructure;

namespace Gimbal.Yarp.Tests.Proxies;

/// <summary>
/// HTTPProxy manifests through the gateway program: a TLS passthrough tcpproxy reaching a TLS echo
/// upstream with its own certificate, and a route with a per-service header policy and a mirror service.
/// </summary>
public sealed class HttpProxyTcpAndMirrorGatewayTests : IAsyncLifetime
{
    private readonly X509Certificate2 _databaseCertificate = TestCertificates.ToX509(TestCertificates.Create("upstream/db", "db.test"));
    private TcpEchoServer _database = null!;
    private Upstream _web = null!;
    private RecordingUpstream _shadow = null!;
    private GatewayProgram _program = null!;

    public async Task InitializeAsync()
    {
        _database = TcpEchoServer.Start("db", _databaseCertificate);
        _web = await Upstream.StartAsync("web");
        _shadow = await RecordingUpstream.StartAsync("shadow");
        _program = await GatewayProgram.StartAsync("proxies.yaml", Manifests());
    }

    public async Task DisposeAsync()
    {
        await _program.DisposeAsync();
        await _database.DisposeAsync();
        await _web.DisposeAsync();
        await _shadow.DisposeAsync();
    }

    [Fact]
    public async Task A_passthrough_tcpproxy_reaches_the_upstreams_own_tls()
    {
        string? reply = null;
        X509Certificate2? served = null;
        await Eventually.HoldsAsync(
            async () =>
            {
                try
                {
                    using var tcp = new TcpClient();
                    await tcp.ConnectAsync(IPAddress.Loopback, _program.App.HttpsPort);
                    await using var ssl = new SslStream(tcp.GetStream());
                    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                    await ssl.AuthenticateAsClientAsync(
                        new SslClientAuthenticationOptions { TargetHost = "db.test", RemoteCertificateValidationCallback = (_, c, _, _) => c is not null },
                        timeout.Token);
                    served = new X509Certificate2(ssl.RemoteCertificate!);
                    await ssl.WriteAsync(Encoding.ASCII.GetBytes("select 1\n"), timeout.Token);
                    var buffer = new byte[64];
                    var read = await ssl.ReadAsync(buffer, timeout.Token);
                    reply = Encoding.ASCII.GetString(buffer, 0, read);
                    return reply == "db:select 1\n";
                }
                catch (Exception ex) when (ex is IOException or SocketException or AuthenticationException)
                {
                    return false;
                }
            },
            "db.test is passed through");

        Assert.Equal(_databaseCertificate.Thumbprint, served!.Thumbprint);
    }

    [Fact]
    public async Task A_route_mirrors_to_its_mirror_service_and_sets_its_services_headers()
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        HttpResponseMessage? response = null;
        await Eventually.HoldsAsync(
            async () =>
            {
                response?.Dispose();
                using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{_program.App.HttpPort}/page") { Headers = { Host = "web.test" } };
                response = await client.SendAsync(request);
                return response.StatusCode == HttpStatusCode.OK;
            },
            "web.test is served");

        using (response)
        {
            Assert.Equal("web", response!.Headers.GetValues("x-upstream").Single());
            Assert.Equal("web-service", response.Headers.GetValues("x-seen-svc").Single());
        }

        await Eventually.HoldsAsync(() => Task.FromResult(_shadow.Received.Any(r => r.PathAndQuery == "/page")), "the mirror got a copy");
        Assert.Equal("web.test-shadow", _shadow.Received.First(r => r.PathAndQuery == "/page").Host);
    }

    private string Manifests() =>
        LoopbackManifests.Service("team-a", "db", _database.Port) + LoopbackManifests.Service("team-a", "web", _web.Port) + LoopbackManifests.Service("team-a", "shadow", _shadow.Port) + """
        apiVersion: projectcontour.io/v1
        kind: HTTPProxy
        metadata:
          name: db
          namespace: team-a
        spec:
          virtualhost:
            fqdn: db.test
            tls:
              passthrough: true
          tcpproxy:
            services:
            - name: db
              port: 80
        ---
        apiVersion: projectcontour.io/v1
        kind: HTTPProxy
        metadata:
          name: web
          namespace: team-a
        spec:
          virtualhost:
            fqdn: web.test
          routes:
          - services:
            - name: web
              port: 80
              requestHeadersPolicy:
                set:
                - name: X-Echo-Svc
                  value: web-service
            - name: shadow
              port: 80
              mirror: true
        """;
}
