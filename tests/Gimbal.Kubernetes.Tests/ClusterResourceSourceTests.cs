using Gimbal.Core.Kubernetes;
using Gimbal.Kubernetes.Sources;

namespace Gimbal.Kubernetes.Tests;

public sealed class ClusterResourceSourceTests
{
    [Fact]
    public async Task Yields_a_synced_snapshot_then_one_after_changes()
    {
        await using var cluster = await TestCluster.StartAsync();
        var server = cluster.Server;
        server.Create(new Service { Metadata = new ObjectMeta { Name = "web", Namespace = "default" }, Spec = new ServiceSpec { Ports = [new ServicePort { Port = 80 }] } });
        server.Create(new Endpoints { Metadata = new ObjectMeta { Name = "web", Namespace = "default" }, Subsets = [new EndpointSubset { Addresses = [new EndpointAddress { Ip = "10.0.0.1" }], Ports = [new EndpointPort { Port = 8080 }] }] });
        server.Create(new IngressClass { Metadata = new ObjectMeta { Name = "gimbal" }, Spec = new IngressClassSpec { Controller = "gimbal.dev/ingress" } });
        server.Create(new Secret { Metadata = new ObjectMeta { Name = "tls", Namespace = "default" }, Type = Secret.TlsType, Data = new Dictionary<string, byte[]> { ["tls.crt"] = [1], ["tls.key"] = [2] } });

        var source = new ClusterResourceSource(cluster.Client, new ClusterResourceSourceOptions { Debounce = TimeSpan.FromMilliseconds(20) });
        Assert.Contains(cluster.Server.Url.ToString(), source.Description, StringComparison.Ordinal);
        using var cts = new CancellationTokenSource(Eventually.Timeout);
        await using var snapshots = source.WatchAsync(cts.Token).GetAsyncEnumerator(cts.Token);

        Assert.True(await snapshots.MoveNextAsync());
        var first = snapshots.Current;
        Assert.Equal("web", Assert.Single(first.Services).Metadata.Name);
        Assert.Single(first.Endpoints);
        Assert.Single(first.IngressClasses);
        Assert.Single(first.Secrets);
        Assert.Empty(first.Ingresses);
        Assert.Empty(first.EndpointSlices);

        server.Create(new Ingress
        {
            Metadata = new ObjectMeta { Name = "web", Namespace = "default" },
            Spec = new IngressSpec { IngressClassName = "gimbal", DefaultBackend = new IngressBackend { Service = new IngressServiceBackend { Name = "web", Port = new ServiceBackendPort { Number = 80 } } } },
        });
        server.Delete<Endpoints>("default", "web");
        do
        {
            Assert.True(await snapshots.MoveNextAsync());
        }
        while (snapshots.Current.Ingresses.Count == 0 || snapshots.Current.Endpoints.Count != 0);

        Assert.Equal("gimbal", snapshots.Current.Ingresses[0].Spec!.IngressClassName);
        await cts.CancelAsync();
    }
}
