using System.Net;
using Gimbal.Core.Kubernetes;
using Gimbal.Gateway;
using Gimbal.Testing;
using Gimbal.Testing.Resources;
using Gimbal.Yarp.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace Gimbal.Yarp.Tests.Gateway;

/// <summary>The gateway watching a live cluster (the shared in-process Kubernetes API server) through a kubeconfig.</summary>
public sealed class GatewayClusterSourceTests
{
    [Fact]
    public async Task Objects_created_in_the_cluster_are_served_and_changes_follow()
    {
        await using var blue = await Upstream.StartAsync("blue");
        await using var green = await Upstream.StartAsync("green");
        await using var server = await KubeApiTestServer.StartAsync(new KubeApiTestServerOptions { Namespaces = ["default", "team-a"] });
        server.Create(new Service { Metadata = new ObjectMeta { Name = "web", Namespace = "team-a" }, Spec = new ServiceSpec { Ports = [new ServicePort { Name = "http", Port = 80 }] } });
        server.Create(EndpointsFor(blue.Port));
        server.Create(new Ingress
        {
            Metadata = new ObjectMeta { Name = "web", Namespace = "team-a" },
            Spec = new IngressSpec
            {
                IngressClassName = "gimbal",
                Rules = [new IngressRule
                {
                    Host = "web.test",
                    Http = new HttpIngressRuleValue
                    {
                        Paths = [new HttpIngressPath { Path = "/", PathType = "Prefix", Backend = new IngressBackend { Service = new IngressServiceBackend { Name = "web", Port = new ServiceBackendPort { Name = "http" } } } }],
                    },
                }],
            },
        });

        var folder = Directory.CreateTempSubdirectory("gimbal-kubeconfig-").FullName;
        var kubeconfig = Path.Combine(folder, "config");
        await File.WriteAllTextAsync(kubeconfig, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: test
              cluster:
                server: {server.Url.ToString().TrimEnd('/')}
            contexts:
            - name: test
              context:
                cluster: test
                user: test
            current-context: test
            users:
            - name: test
              user: {"{}"}
            """);

        var loopback = new IPEndPoint(IPAddress.Loopback, 0);
        await using var gateway = GatewayApplication.Build(
            new GatewayOptions { Kubeconfig = kubeconfig, Http = loopback, Https = loopback, Admin = loopback, HttpsRedirectPort = 8443 },
            logging => logging.ClearProviders());
        await gateway.StartAsync();
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

        await Eventually.HoldsAsync(async () => await UpstreamOf(client, gateway) == "blue", "cluster objects served");
        server.Replace(EndpointsFor(green.Port));
        await Eventually.HoldsAsync(async () => await UpstreamOf(client, gateway) == "green", "endpoint change served");
        await gateway.StopAsync();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task A_broken_ingress_in_the_cluster_gets_a_warning_event_and_the_others_keep_serving()
    {
        await using var blue = await Upstream.StartAsync("blue");
        var options = new KubeApiTestServerOptions { Namespaces = ["default", "team-a"] };
        options.CustomResources.Add(Events);
        await using var server = await KubeApiTestServer.StartAsync(options);
        server.Create(new Service { Metadata = new ObjectMeta { Name = "web", Namespace = "team-a" }, Spec = new ServiceSpec { Ports = [new ServicePort { Name = "http", Port = 80 }] } });
        server.Create(EndpointsFor(blue.Port));
        server.Create(IngressTo("web", "web.test", "web"));
        var broken = server.Create(IngressTo("broken", "broken.test", "no-such-service"));

        var folder = Directory.CreateTempSubdirectory("gimbal-kubeconfig-").FullName;
        var kubeconfig = Path.Combine(folder, "config");
        server.WriteKubeconfig(kubeconfig);
        var loopback = new IPEndPoint(IPAddress.Loopback, 0);
        await using var gateway = GatewayApplication.Build(
            new GatewayOptions { Kubeconfig = kubeconfig, Http = loopback, Https = loopback, Admin = loopback },
            logging => logging.ClearProviders());
        await gateway.StartAsync();
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

        await Eventually.HoldsAsync(async () => await UpstreamOf(client, gateway) == "blue", "the good Ingress is served");
        await Eventually.HoldsAsync(
            () => Task.FromResult(server.ListJson(Events, "team-a").Any(e => e["involvedObject"]!["uid"]!.GetValue<string>() == broken.Metadata.Uid)),
            "an event on the broken Ingress");
        var ev = server.ListJson(Events, "team-a").Single(e => e["involvedObject"]!["uid"]!.GetValue<string>() == broken.Metadata.Uid);
        Assert.Equal("ServiceNotFound", ev["reason"]!.GetValue<string>());
        Assert.Equal("Warning", ev["type"]!.GetValue<string>());
        await gateway.StopAsync();
        Directory.Delete(folder, recursive: true);
    }

    private static readonly ApiResource Events = new("", "v1", "events", "Event", true, ["ev"], HasStatus: false);

    private static Ingress IngressTo(string name, string host, string service) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = "team-a" },
        Spec = new IngressSpec
        {
            IngressClassName = "gimbal",
            Rules = [new IngressRule
            {
                Host = host,
                Http = new HttpIngressRuleValue
                {
                    Paths = [new HttpIngressPath { Path = "/", PathType = "Prefix", Backend = new IngressBackend { Service = new IngressServiceBackend { Name = service, Port = new ServiceBackendPort { Name = "http" } } } }],
                },
            }],
        },
    };

    // An EndpointSlice: the API server (like the real one) refuses loopback addresses in Endpoints.
    private static EndpointSlice EndpointsFor(int port) => new()
    {
        Metadata = new ObjectMeta { Name = "web-1", Namespace = "team-a", Labels = new Dictionary<string, string> { ["kubernetes.io/service-name"] = "web" } },
        AddressType = "IPv4",
        Endpoints = [new SliceEndpoint { Addresses = ["127.0.0.1"], Conditions = new EndpointConditions { Ready = true } }],
        Ports = [new EndpointPort { Name = "http", Port = port }],
    };

    private static async Task<string?> UpstreamOf(HttpClient client, GatewayApplication gateway)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{gateway.HttpPort}/");
        request.Headers.Host = "web.test";
        using var response = await client.SendAsync(request);
        return response.Headers.TryGetValues("x-upstream", out var values) ? values.Single() : null;
    }
}
