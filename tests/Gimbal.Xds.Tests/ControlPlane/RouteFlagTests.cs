using System.Net;
using System.Net.Sockets;
using Envoy.Config.Cluster.V3;
using Envoy.Service.Discovery.V3;
using Gimbal.ControlPlane.Commands;
using Gimbal.ControlPlane.Serving;
using Gimbal.Hosting.Routing;
using Gimbal.Xds.Tests.Infrastructure;
using Gimbal.Xds.Tests.Protocol;
using Gimbal.Xds.Translation;
using Microsoft.Extensions.Logging;

namespace Gimbal.Xds.Tests.ControlPlane;

/// <summary>`--root-namespaces` and `--fallback-certificate`: parsed alike by every host, and honoured by the compile they feed.</summary>
public sealed class RouteFlagTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("gimbal-cp-flags-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData(new string[0], null)]
    [InlineData(new[] { "roots" }, "roots")]
    [InlineData(new[] { "a,b", "c", " b " }, "a|b|c")]
    [InlineData(new[] { ",", "" }, null)]
    public void Root_namespaces_come_comma_separated_or_repeated(string[] values, string? expected)
    {
        var names = RouteFlags.Namespaces(values);
        Assert.Equal(expected, names is null ? null : string.Join('|', names));
    }

    [Theory]
    [InlineData("gimbal/fallback", true)]
    [InlineData("fallback", false)]
    [InlineData("a/b/c", false)]
    [InlineData("/name", false)]
    public void A_fallback_certificate_is_namespace_slash_name(string value, bool valid) =>
        Assert.Equal(valid, RouteFlags.FallbackCertificateProblem(value) is null);

    [Fact]
    public async Task Serve_refuses_a_malformed_fallback_certificate_with_the_flag_named()
    {
        var error = new StringWriter();
        var original = Console.Error;
        int code;
        try
        {
            Console.SetError(error);
            code = await ServeCommand.Create().Parse(["--manifests", _folder, "--fallback-certificate", "just-a-name"]).InvokeAsync();
        }
        finally
        {
            Console.SetError(original);
        }

        Assert.Equal(2, code);
        Assert.Contains("--fallback-certificate", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_root_proxy_outside_the_root_namespaces_is_not_served()
    {
        await File.WriteAllTextAsync(Path.Combine(_folder, "proxies.yaml"), Proxy("roots", "allowed") + "\n---\n" + Proxy("team-a", "refused"));
        var xdsPort = FreePort();
        await using var app = ControlPlaneApplication.Build(
            new ControlPlaneOptions { Manifests = _folder, XdsPort = xdsPort, Admin = new IPEndPoint(IPAddress.Loopback, 0), RootNamespaces = ["roots"] },
            logging => logging.ClearProviders());
        await app.StartAsync();

        using var client = GrpcTestCall<DiscoveryRequest, DiscoveryResponse>.CreateClient(new Uri($"http://127.0.0.1:{xdsPort}/"));
        await using var ads = await AdsClient.ConnectAsync(client);
        await ads.RequestAsync(TypeUrls.Cluster);
        var clusters = await ads.ReceiveAsync();
        Assert.Equal(["roots/allowed/80"], clusters.Resources.Select(r => r.Unpack<Cluster>().Name).ToList());
        await app.StopAsync();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Proxy(string ns, string name) => $"""
        apiVersion: v1
        kind: Service
        metadata: {"{"}name: {name}, namespace: {ns}{"}"}
        spec:
          ports:
          - {"{"}name: http, port: 80{"}"}
        ---
        apiVersion: projectcontour.io/v1
        kind: HTTPProxy
        metadata: {"{"}name: {name}, namespace: {ns}{"}"}
        spec:
          virtualhost: {"{"}fqdn: {name}.example.com{"}"}
          routes:
          - services:
            - {"{"}name: {name}, port: 80{"}"}
        """;
}
