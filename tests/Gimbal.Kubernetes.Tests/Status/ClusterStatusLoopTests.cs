using Gimbal.Core.Compilation;
using Gimbal.Core.Kubernetes;
using Gimbal.Core.Kubernetes.Contour;
using Gimbal.Kubernetes.Sources;
using Gimbal.Kubernetes.Status;
using Gimbal.Testing;
using Gimbal.Testing.Resources;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Gimbal.Kubernetes.Tests.Status;

/// <summary>
/// The control plane's loop against a live (test) API server: informers on HTTPProxies feed the
/// compiler, whose result goes back as status; a team's edit shows up in its proxy's status.
/// </summary>
public sealed class ClusterStatusLoopTests
{
    [Fact]
    public async Task Proxy_edits_in_the_cluster_show_up_in_their_status()
    {
        var options = new KubeApiTestServerOptions { Namespaces = ["default", "team-a", "certs"] };
        options.CustomResources.Add(ApiResource.Custom("projectcontour.io", "v1", "httpproxies", "HTTPProxy"));
        options.CustomResources.Add(ApiResource.Custom("projectcontour.io", "v1", "tlscertificatedelegations", "TLSCertificateDelegation"));
        options.CustomResources.Add(new ApiResource("", "v1", "events", "Event", true, [], HasStatus: false));
        await using var cluster = await TestCluster.StartAsync(options);
        var server = cluster.Server;
        server.Create(new Service { Metadata = new ObjectMeta { Namespace = "team-a", Name = "web" }, Spec = new ServiceSpec { Ports = [new ServicePort { Port = 80 }] } });
        server.Create(new HttpProxy
        {
            Metadata = new ObjectMeta { Namespace = "team-a", Name = "shop" },
            Spec = new HttpProxySpec
            {
                Virtualhost = new ProxyVirtualHost { Fqdn = "shop.example.com" },
                Routes = [new ProxyRoute { Services = [new ProxyService { Name = "web", Port = 80 }] }],
            },
        });

        var source = new ClusterResourceSource(cluster.Client, new ClusterResourceSourceOptions { ContourResources = true, Debounce = TimeSpan.FromMilliseconds(20) });
        var writer = new StatusWriter(cluster.Client, Options.Create(new StatusWriterOptions()), TimeProvider.System, NullLogger<StatusWriter>.Instance);
        var compiler = new RouteCompiler();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var loop = Task.Run(async () =>
        {
            await foreach (var snapshot in source.WatchAsync(stop.Token))
            {
                await writer.WriteAsync(snapshot, compiler.Compile(snapshot), stop.Token);
            }
        });

        await Eventually.TrueAsync(() => server.Get<HttpProxy>("team-a", "shop")?.Status?.CurrentStatus == "valid", "the proxy is reported valid");

        var current = server.Get<HttpProxy>("team-a", "shop")!;
        server.Replace(current with
        {
            Metadata = current.Metadata with { ResourceVersion = null },
            Spec = current.Spec! with { Virtualhost = current.Spec.Virtualhost! with { Tls = new ProxyTls { SecretName = "certs/shared-tls" } } },
        });
        await Eventually.TrueAsync(
            () => server.Get<HttpProxy>("team-a", "shop")?.Status?.Conditions?[0].Errors is [{ Reason: "DelegationNotPermitted" }, ..],
            "the undelegated certificate is reported");
        Assert.Equal("invalid", server.Get<HttpProxy>("team-a", "shop")!.Status!.CurrentStatus);

        await stop.CancelAsync();
        await loop.ContinueWith(_ => { }, TaskScheduler.Default);
    }
}
