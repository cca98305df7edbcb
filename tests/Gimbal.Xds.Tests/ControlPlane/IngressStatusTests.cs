using System.Net;
using Gimbal.ControlPlane.Serving;
using Microsoft.AspNetCore.Builder;
using Gimbal.Core.Kubernetes;
using Gimbal.Testing;
using Gimbal.Testing.Resources;
using Microsoft.Extensions.Logging;

namespace Gimbal.Xds.Tests.ControlPlane;

/// <summary>`serve --ingress-status-address`: the served Ingresses carry the address in status.loadBalancer, written only when it changes.</summary>
public sealed class IngressStatusTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("gimbal-cp-status-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Address_is_written_once_kept_on_unrelated_changes_and_rewritten_when_it_changes()
    {
        var options = new KubeApiTestServerOptions { Namespaces = ["default", "team-a"] };
        options.CustomResources.Add(new ApiResource("", "v1", "events", "Event", true, [], HasStatus: false));
        await using var server = await KubeApiTestServer.StartAsync(options);
        var kubeconfig = Path.Combine(_folder, "kubeconfig");
        server.WriteKubeconfig(kubeconfig);
        server.Create(Service("web"));
        server.Create(IngressFor("web", "gimbal"));
        server.Create(Service("other"));
        server.Create(IngressFor("other", "another-controller"));

        await using (var app = Start(kubeconfig, "192.0.2.10"))
        {
            await app.StartAsync();
            await WaitFor(() => AddressOf(server, "web") == (Ip: "192.0.2.10", Hostname: null), "web carries the IP");
            Assert.Equal(1, StatusWrites(server, "web"));

            // An unrelated change: another served Ingress appears and gets the address; web is not written again.
            server.Create(Service("api"));
            server.Create(IngressFor("api", "gimbal"));
            await WaitFor(() => AddressOf(server, "api") == (Ip: "192.0.2.10", Hostname: null), "api carries the IP");
            Assert.Equal(1, StatusWrites(server, "web"));
            Assert.Empty(server.Get<Ingress>("team-a", "other")!.Status?.LoadBalancer?.Ingress ?? []);
            Assert.Equal(0, StatusWrites(server, "other"));
            await app.StopAsync();
        }

        // Restarted with a hostname: the status follows, once per Ingress.
        await using (var app = Start(kubeconfig, "lb.example.com"))
        {
            await app.StartAsync();
            await WaitFor(() => AddressOf(server, "web") == (Ip: null, Hostname: "lb.example.com"), "web carries the hostname");
            await WaitFor(() => AddressOf(server, "api") == (Ip: null, Hostname: "lb.example.com"), "api carries the hostname");
            Assert.Equal(2, StatusWrites(server, "web"));
            Assert.Equal(0, StatusWrites(server, "other"));
            await app.StopAsync();
        }
    }

    private static WebApplication Start(string kubeconfig, string address) => ControlPlaneApplication.Build(
        new ControlPlaneOptions
        {
            Kubeconfig = kubeconfig,
            HttpProxies = false,
            XdsPort = 0,
            Admin = new IPEndPoint(IPAddress.Loopback, 0),
            IngressStatusAddress = address,
        },
        logging => logging.ClearProviders());

    private static (string? Ip, string? Hostname)? AddressOf(KubeApiTestServer server, string name) =>
        server.Get<Ingress>("team-a", name)?.Status?.LoadBalancer?.Ingress is [var only] ? (only.Ip, only.Hostname) : null;

    private static int StatusWrites(KubeApiTestServer server, string name) =>
        server.Requests.Snapshot().Count(r => r.Method == "PATCH" && r.PathAndQuery.StartsWith($"/apis/networking.k8s.io/v1/namespaces/team-a/ingresses/{name}/status", StringComparison.Ordinal));

    private static async Task WaitFor(Func<bool> condition, string what)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        while (!condition())
        {
            try
            {
                await tick.WaitForNextTickAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"timed out waiting for: {what}");
            }
        }
    }

    private static Service Service(string name) => new()
    {
        Metadata = new ObjectMeta { Namespace = "team-a", Name = name },
        Spec = new ServiceSpec { Ports = [new ServicePort { Name = "http", Port = 80 }] },
    };

    private static Ingress IngressFor(string name, string className) => new()
    {
        Metadata = new ObjectMeta { Namespace = "team-a", Name = name },
        Spec = new IngressSpec
        {
            IngressClassName = className,
            Rules =
            [
                new IngressRule
                {
                    Host = name + ".example.com",
                    Http = new HttpIngressRuleValue
                    {
                        Paths = [new HttpIngressPath { Path = "/", PathType = "Prefix", Backend = new IngressBackend { Service = new IngressServiceBackend { Name = name, Port = new ServiceBackendPort { Number = 80 } } } }],
                    },
                },
            ],
        },
    };
}
