using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Envoy.Config.Cluster.V3;
using Envoy.Service.Discovery.V3;
using Gimbal.ControlPlane.Serving;
using Gimbal.Xds.Tests.Infrastructure;
using Gimbal.Xds.Tests.Protocol;
using Gimbal.Xds.Translation;

namespace Gimbal.Xds.Tests.ControlPlane;

/// <summary>`gimbal-control-plane serve --manifests DIR`: a folder of manifests served to an ADS client, edits pushed.</summary>
public sealed class ControlPlaneHostTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("gimbal-cp-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Serves_the_folder_over_ads_and_pushes_an_edit_and_reports_ready()
    {
        await File.WriteAllTextAsync(Path.Combine(_folder, "web.yaml"), Manifests("web"));
        var xdsPort = FreePort();
        var adminPort = FreePort();
        await using var app = ControlPlaneApplication.Build(
            new ControlPlaneOptions { Manifests = _folder, XdsPort = xdsPort, Admin = new IPEndPoint(IPAddress.Loopback, adminPort) },
            logging => logging.ClearProviders());
        await app.StartAsync();

        using var admin = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{adminPort}/"), Timeout = TimeSpan.FromSeconds(30) };
        await Eventually(async () => (await admin.GetAsync("readyz")).StatusCode == HttpStatusCode.OK, "/readyz answers 200 after the first compile");

        using var client = GrpcTestCall<DiscoveryRequest, DiscoveryResponse>.CreateClient(new Uri($"http://127.0.0.1:{xdsPort}/"));
        await using (var ads = await AdsClient.ConnectAsync(client))
        {
            await ads.RequestAsync(TypeUrls.Cluster);
            var first = await ads.ReceiveAsync();
            Assert.Equal(["team-a/web/80"], Names(first));

            await ads.AckAsync(first);
            await File.WriteAllTextAsync(Path.Combine(_folder, "api.yaml"), Manifests("api"));
            var second = await ads.ReceiveAsync();
            Assert.Equal(["team-a/api/80", "team-a/web/80"], Names(second));
            Assert.NotEqual(first.VersionInfo, second.VersionInfo);
        }

        var metrics = await admin.GetStringAsync("metrics");
        Assert.Contains("gimbal_xds", metrics, StringComparison.Ordinal);
        await app.StopAsync();
    }

    [Fact]
    public async Task An_endpoint_only_edit_sends_the_new_assignment_and_no_other_type()
    {
        await File.WriteAllTextAsync(Path.Combine(_folder, "web.yaml"), Manifests("web"));
        await File.WriteAllTextAsync(Path.Combine(_folder, "web-endpoints.yaml"), EndpointsManifest("web", "10.0.0.1"));
        var xdsPort = FreePort();
        await using var app = ControlPlaneApplication.Build(
            new ControlPlaneOptions { Manifests = _folder, XdsPort = xdsPort, Admin = new IPEndPoint(IPAddress.Loopback, 0) },
            logging => logging.ClearProviders());
        await app.StartAsync();

        using var client = GrpcTestCall<DiscoveryRequest, DiscoveryResponse>.CreateClient(new Uri($"http://127.0.0.1:{xdsPort}/"));
        await using var ads = await AdsClient.ConnectAsync(client);
        await ads.RequestAsync(TypeUrls.Cluster);
        var clusters = await ads.ReceiveAsync();
        await ads.AckAsync(clusters);
        string[] names = ["team-a/web/80"];
        await ads.RequestAsync(TypeUrls.ClusterLoadAssignment, names: names);
        var assignment = await ads.ReceiveAsync();
        Assert.Equal(["10.0.0.1"], Addresses(assignment));
        await ads.AckAsync(assignment, names);

        await File.WriteAllTextAsync(Path.Combine(_folder, "web-endpoints.yaml"), EndpointsManifest("web", "10.0.0.2"));
        var moved = await ads.ReceiveAsync();
        Assert.Equal(TypeUrls.ClusterLoadAssignment, moved.TypeUrl);
        Assert.Equal(["10.0.0.2"], Addresses(moved));
        await ads.AckAsync(moved, names);

        // The next cluster response is the one a route change causes: none was sent for the endpoint edit.
        await File.WriteAllTextAsync(Path.Combine(_folder, "api.yaml"), Manifests("api"));
        var next = await ads.ReceiveAsync();
        Assert.Equal(TypeUrls.Cluster, next.TypeUrl);
        Assert.Equal(["team-a/api/80", "team-a/web/80"], Names(next));
        await app.StopAsync();
    }

    private static List<string> Addresses(DiscoveryResponse response) =>
        response.Resources.Select(r => r.Unpack<Envoy.Config.Endpoint.V3.ClusterLoadAssignment>())
            .SelectMany(a => a.Endpoints).SelectMany(l => l.LbEndpoints).Select(e => e.Endpoint.Address.SocketAddress.Address).ToList();

    private static string EndpointsManifest(string name, string ip) => $"""
        apiVersion: v1
        kind: Endpoints
        metadata: {"{"}name: {name}, namespace: team-a{"}"}
        subsets:
        - addresses:
          - ip: {ip}
          ports:
          - {"{"}name: http, port: 8080{"}"}
        """;

    [Fact]
    public void Mtls_without_a_certificate_is_refused_at_start_with_the_flag_named()
    {
        var error = Assert.Throws<ArgumentException>(() => ControlPlaneApplication.Build(new ControlPlaneOptions { Manifests = _folder, XdsCaFile = "/ca.pem" }));
        Assert.Contains("--xds-ca-file", error.Message, StringComparison.Ordinal);
    }

    private static List<string> Names(DiscoveryResponse response) =>
        response.Resources.Select(r => r.Unpack<Cluster>().Name).Order(StringComparer.Ordinal).ToList();

    private static async Task Eventually(Func<Task<bool>> condition, string what)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            try
            {
                await Task.Delay(50, timeout.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"timed out waiting for: {what}");
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Manifests(string name) => $"""
        apiVersion: v1
        kind: Service
        metadata: {"{"}name: {name}, namespace: team-a{"}"}
        spec:
          ports:
          - {"{"}name: http, port: 80{"}"}
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {"{"}name: {name}, namespace: team-a{"}"}
        spec:
          ingressClassName: gimbal
          rules:
          - host: {name}.example.com
            http:
              paths:
              - path: /
                pathType: Prefix
                backend:
                  service: {"{"}name: {name}, port: {"{"}number: 80{"}"}{"}"}
        """;
}
