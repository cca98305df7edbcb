using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Gimbal.Yarp.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Gimbal.Yarp.Tests.Gateway;

/// <summary>The gateway program end to end: manifests on disk in, requests through it to real upstreams.</summary>
public sealed class GatewayEndToEndTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly Core.Routing.TlsCertificate _certificate = TestCertificates.Create("team-a/shop-tls", "shop.test");
    private Upstream _blue = null!;
    private Upstream _green = null!;
    private GatewayProgram _program = null!;

    public async Task InitializeAsync()
    {
        _blue = await Upstream.StartAsync("blue");
        _green = await Upstream.StartAsync("green");
        _program = await GatewayProgram.StartAsync("app.yaml", Manifests(_blue.Port), httpsRedirectPort: 8443);
        await Eventually.HoldsAsync(async () => (await _program.Client.GetAsync(Admin("/readyz"))).StatusCode == HttpStatusCode.OK, "gateway ready");
    }

    public async Task DisposeAsync()
    {
        await _program.DisposeAsync();
        await _blue.DisposeAsync();
        await _green.DisposeAsync();
    }

    [Fact]
    public async Task Ingresses_from_the_folder_are_served_over_http_and_https()
    {
        Assert.Equal("blue", await UpstreamOf("shop.test", "/cart"));

        using var redirect = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{_program.App.HttpPort}/cart");
        redirect.Headers.Host = "secure.shop.test";
        using var redirected = await _program.Client.SendAsync(redirect);
        Assert.Equal(HttpStatusCode.MovedPermanently, redirected.StatusCode);
        Assert.Equal("https://secure.shop.test:8443/cart", redirected.Headers.Location!.ToString());

        using var https = new HttpClient(new SocketsHttpHandler
        {
            ConnectCallback = async (_, ct) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(IPAddress.Loopback, _program.App.HttpsPort, ct);
                return new NetworkStream(socket, ownsSocket: true);
            },
            SslOptions = { RemoteCertificateValidationCallback = (_, cert, _, _) => cert?.Subject == "CN=shop.test" },
        });
        using var response = await https.GetAsync("https://shop.test/cart");
        Assert.Equal("blue", response.Headers.GetValues("x-upstream").Single());
    }

    [Fact]
    public async Task A_manifest_edited_on_disk_is_served_without_a_restart()
    {
        Assert.Equal("blue", await UpstreamOf("shop.test", "/"));

        var clock = Stopwatch.StartNew();
        await File.WriteAllTextAsync(Path.Combine(_program.Folder, "app.yaml"), Manifests(_green.Port));
        await Eventually.HoldsAsync(async () => await UpstreamOf("shop.test", "/") == "green", "edited endpoints served");
        output.WriteLine($"edit served after {clock.ElapsedMilliseconds} ms");

        // A broken edit keeps the last good objects: routes stay up.
        await File.WriteAllTextAsync(Path.Combine(_program.Folder, "app.yaml"), "kind: [this is not yaml");
        await File.WriteAllTextAsync(Path.Combine(_program.Folder, "other.yaml"), "# nothing\n");
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal("green", await UpstreamOf("shop.test", "/"));
        }
    }

    [Fact]
    public async Task Health_readiness_and_metrics_are_served_on_the_admin_port_only()
    {
        Assert.Equal("ok\n", await _program.Client.GetStringAsync(Admin("/healthz")));
        Assert.Equal("ready\n", await _program.Client.GetStringAsync(Admin("/readyz")));
        await UpstreamOf("shop.test", "/");
        await UpstreamOf("nobody.test", "/");

        var metrics = await _program.Client.GetStringAsync(Admin("/metrics"));
        Assert.Contains("gimbal_yarp_requests_total{cluster=\"team-a/shop/80\",code=\"200\",route=\"shop.test#0\"}", metrics, StringComparison.Ordinal);
        Assert.Contains("gimbal_yarp_upstream_duration_seconds_bucket{cluster=\"team-a/shop/80\"", metrics, StringComparison.Ordinal);
        Assert.Contains("gimbal_yarp_config_version ", metrics, StringComparison.Ordinal);
        Assert.Contains("gimbal_yarp_config_last_reload_seconds ", metrics, StringComparison.Ordinal);
        Assert.Contains("kestrel_active_connections{", metrics, StringComparison.Ordinal);
        var (exitCode, promtool) = await Promtool.CheckMetricsAsync(metrics);
        Assert.True(exitCode == 0, promtool);

        using var proxied = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{_program.App.HttpPort}/metrics");
        proxied.Headers.Host = "shop.test";
        using var response = await _program.Client.SendAsync(proxied);
        Assert.Equal("blue", response.Headers.GetValues("x-upstream").Single());
    }

    private string Admin(string path) => $"http://127.0.0.1:{_program.App.AdminPort}{path}";

    private async Task<string?> UpstreamOf(string host, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{_program.App.HttpPort}{path}");
        request.Headers.Host = host;
        using var response = await _program.Client.SendAsync(request);
        return response.Headers.TryGetValues("x-upstream", out var values) ? values.Single() : null;
    }

    private string Manifests(int port) => $"""
        apiVersion: v1
        kind: Namespace
        metadata:
          name: team-a
        ---
        {LoopbackManifests.Service("team-a", "shop", port)}
        apiVersion: v1
        kind: Secret
        metadata:
          name: shop-tls
          namespace: team-a
        type: kubernetes.io/tls
        data:
          tls.crt: {Convert.ToBase64String(Encoding.ASCII.GetBytes(_certificate.CertificatePem))}
          tls.key: {Convert.ToBase64String(Encoding.ASCII.GetBytes(_certificate.PrivateKeyPem))}
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: shop
          namespace: team-a
        spec:
          ingressClassName: gimbal
          tls:
          - hosts: [shop.test]
            secretName: shop-tls
          rules:
          - host: shop.test
            http:
              paths:
              - path: /
                pathType: Prefix
                backend:
                  service:
                    name: shop
                    port:
                      name: http
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: secure
          namespace: team-a
          annotations:
            ingress.kubernetes.io/force-ssl-redirect: "true"
        spec:
          ingressClassName: gimbal
          tls:
          - hosts: [secure.shop.test]
            secretName: shop-tls
          rules:
          - host: secure.shop.test
            http:
              paths:
              - path: /
                pathType: Prefix
                backend:
                  service:
                    name: shop
                    port:
                      name: http
        """;
}
