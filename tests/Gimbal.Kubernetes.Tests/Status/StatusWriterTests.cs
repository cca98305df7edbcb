using Gimbal.Core.Compilation;
using Gimbal.Core.Kubernetes;
using Gimbal.Core.Kubernetes.Contour;
using Gimbal.Core.Status;
using Gimbal.Kubernetes.Status;
using Gimbal.Testing;
using Gimbal.Testing.Resources;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Gimbal.Kubernetes.Tests.Status;

/// <summary>The status writer against the test API server over real HTTP: status subresource, writes only on change, deduplicated events.</summary>
public sealed class StatusWriterTests
{
    private static readonly ApiResource HttpProxies = ApiResource.Custom("projectcontour.io", "v1", "httpproxies", "HTTPProxy");
    private static readonly ApiResource Events = new("", "v1", "events", "Event", true, ["ev"], HasStatus: false);

    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static async Task<TestCluster> StartAsync()
    {
        var options = new KubeApiTestServerOptions { Namespaces = ["default", "team-a"] };
        options.CustomResources.Add(HttpProxies);
        options.CustomResources.Add(Events);
        return await TestCluster.StartAsync(options);
    }

    private static StatusWriter Writer(TestCluster cluster, TimeProvider clock) =>
        new(cluster.Client, Options.Create(new StatusWriterOptions { Instance = "test" }), clock, NullLogger<StatusWriter>.Instance);

    private static ResourceSnapshot Snapshot(KubeApiTestServer server) => new()
    {
        HttpProxies = server.List<HttpProxy>(),
        Services = server.List<Service>(),
        Ingresses = server.List<Ingress>(),
    };

    private static HttpProxy Proxy(string service) => new()
    {
        Metadata = new ObjectMeta { Namespace = "team-a", Name = "shop" },
        Spec = new HttpProxySpec
        {
            Virtualhost = new ProxyVirtualHost { Fqdn = "shop.example.com" },
            Routes = [new ProxyRoute { Services = [new ProxyService { Name = service, Port = 80 }] }],
        },
    };

    private static int StatusPatches(KubeApiTestServer server) =>
        server.Requests.Snapshot().Count(r => r.Method == "PATCH" && r.PathAndQuery.Contains("/httpproxies/shop/status", StringComparison.Ordinal));

    [Fact]
    public async Task StatusGoesValidInvalidValidAndIsWrittenOnlyOnChange()
    {
        await using var cluster = await StartAsync();
        var server = cluster.Server;
        var clock = new ManualClock();
        var writer = Writer(cluster, clock);
        var compiler = new RouteCompiler();
        server.Create(new Service { Metadata = new ObjectMeta { Namespace = "team-a", Name = "web" }, Spec = new ServiceSpec { Ports = [new ServicePort { Name = "http", Port = 80 }] } });
        server.Create(Proxy("web"));

        var before = Snapshot(server);
        var first = await writer.WriteAsync(before, compiler.Compile(before));
        Assert.Equal(1, first.StatusesWritten);
        var stored = server.Get<HttpProxy>("team-a", "shop")!;
        Assert.Equal("valid", stored.Status!.CurrentStatus);
        var condition = Assert.Single(stored.Status.Conditions!);
        Assert.Equal(("Valid", "True", "Valid"), (condition.Type, condition.Status, condition.Reason));
        Assert.Equal(clock.Now, condition.LastTransitionTime);
        Assert.Equal(stored.Metadata.Generation, condition.ObservedGeneration);

        // Unchanged: neither a fresh snapshot nor a stale one (taken before our write) writes again.
        clock.Now = clock.Now.AddMinutes(1);
        var fresh = Snapshot(server);
        Assert.Equal(0, (await writer.WriteAsync(fresh, compiler.Compile(fresh))).StatusesWritten);
        Assert.Equal(0, (await writer.WriteAsync(before, compiler.Compile(before))).StatusesWritten);
        Assert.Equal(1, StatusPatches(server));

        // valid → invalid: the service is gone.
        server.Replace(Proxy("gone") with { Metadata = stored.Metadata with { ResourceVersion = null } });
        var broken = Snapshot(server);
        Assert.Equal(1, (await writer.WriteAsync(broken, compiler.Compile(broken))).StatusesWritten);
        stored = server.Get<HttpProxy>("team-a", "shop")!;
        Assert.Equal("invalid", stored.Status!.CurrentStatus);
        condition = Assert.Single(stored.Status.Conditions!);
        Assert.Equal(("False", "ErrorPresent"), (condition.Status, condition.Reason));
        var error = Assert.Single(condition.Errors!);
        Assert.Equal(("ServiceError", "ServiceNotFound"), (error.Type, error.Reason));
        Assert.Equal(clock.Now, condition.LastTransitionTime);
        Assert.NotNull(stored.Spec?.Virtualhost);

        // invalid → valid again.
        clock.Now = clock.Now.AddMinutes(1);
        server.Replace(Proxy("web") with { Metadata = stored.Metadata with { ResourceVersion = null } });
        var repaired = Snapshot(server);
        Assert.Equal(1, (await writer.WriteAsync(repaired, compiler.Compile(repaired))).StatusesWritten);
        stored = server.Get<HttpProxy>("team-a", "shop")!;
        Assert.Equal("valid", stored.Status!.CurrentStatus);
        Assert.Equal(clock.Now, stored.Status.Conditions![0].LastTransitionTime);
        Assert.Null(stored.Status.Conditions[0].Errors);
        Assert.Equal(3, StatusPatches(server));
    }

    [Fact]
    public async Task OrphanedProxiesAndDuplicateRootsGetContourStatuses()
    {
        await using var cluster = await StartAsync();
        var server = cluster.Server;
        server.Create(new Service { Metadata = new ObjectMeta { Namespace = "team-a", Name = "web" }, Spec = new ServiceSpec { Ports = [new ServicePort { Port = 80 }] } });
        server.Create(Proxy("web"));
        server.Create(Proxy("web") with { Metadata = new ObjectMeta { Namespace = "team-a", Name = "copy" } });
        server.Create(Proxy("web") with { Metadata = new ObjectMeta { Namespace = "team-a", Name = "child" }, Spec = Proxy("web").Spec! with { Virtualhost = null } });

        var snapshot = Snapshot(server);
        var result = await Writer(cluster, new ManualClock()).WriteAsync(snapshot, new RouteCompiler().Compile(snapshot));

        Assert.Equal(3, result.StatusesWritten);
        Assert.Equal("orphaned", server.Get<HttpProxy>("team-a", "child")!.Status!.CurrentStatus);
        var duplicate = server.Get<HttpProxy>("team-a", "copy")!.Status!;
        Assert.Equal("invalid", duplicate.CurrentStatus);
        Assert.Equal(("VirtualHostError", "DuplicateVhost"), (duplicate.Conditions![0].Errors![0].Type, duplicate.Conditions[0].Errors![0].Reason));
    }

    [Fact]
    public async Task IngressDiagnosticsBecomeOneEventEachAcrossWritersAndRestarts()
    {
        await using var cluster = await StartAsync();
        var server = cluster.Server;
        var ingress = server.Create(new Ingress
        {
            Metadata = new ObjectMeta { Namespace = "team-a", Name = "site" },
            Spec = new IngressSpec
            {
                IngressClassName = "gimbal",
                Rules = [new IngressRule
                {
                    Host = "site.example.com",
                    Http = new HttpIngressRuleValue { Paths = [new HttpIngressPath { Path = "/", PathType = "Prefix", Backend = new IngressBackend { Service = new IngressServiceBackend { Name = "missing", Port = new ServiceBackendPort { Number = 80 } } } }] },
                }],
            },
        });

        var snapshot = Snapshot(server);
        var result = new RouteCompiler().Compile(snapshot);
        var writer = Writer(cluster, new ManualClock());
        Assert.Equal(1, (await writer.WriteAsync(snapshot, result)).EventsCreated);
        Assert.Equal(0, (await writer.WriteAsync(snapshot, result)).EventsCreated);

        // A restarted (or second) gateway finds the event already there and creates no duplicate.
        var restarted = await Writer(cluster, new ManualClock()).WriteAsync(snapshot, result);
        Assert.Equal((0, 0), (restarted.EventsCreated, restarted.Failures));

        var events = server.ListJson(Events, "team-a");
        var ev = Assert.Single(events);
        Assert.Equal("ServiceNotFound", ev["reason"]!.GetValue<string>());
        Assert.Equal("Warning", ev["type"]!.GetValue<string>());
        Assert.Equal(ingress.Metadata.Uid, ev["involvedObject"]!["uid"]!.GetValue<string>());
        Assert.Equal("Ingress", ev["involvedObject"]!["kind"]!.GetValue<string>());
        Assert.Contains("spec.rules[0].http.paths[0].backend.service.name", ev["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(IngressEventCalculator.Compute(snapshot, new RouteCompiler().Compile(snapshot with { Ingresses = [] })));
    }
}
