using System.Collections.Concurrent;
using Gimbal.Core.Kubernetes;
using Gimbal.Kubernetes.Client;
using Gimbal.Kubernetes.Informers;

namespace Gimbal.Kubernetes.Tests;

public sealed class InformerTests
{
    private static readonly InformerOptions FastRecovery = new()
    {
        InitialBackoff = TimeSpan.FromMilliseconds(10),
        MaxBackoff = TimeSpan.FromMilliseconds(200),
        PageSize = 7,
    };

    private static Service Svc(string ns, string name, string tier = "web") => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = ns, Labels = new Dictionary<string, string> { ["tier"] = tier } },
        Spec = new ServiceSpec { Ports = [new ServicePort { Port = 80 }] },
    };

    private static Dictionary<string, string?> State(IEnumerable<Service> services) =>
        services.ToDictionary(s => s.Key, s => s.Metadata.ResourceVersion, StringComparer.Ordinal);

    private static bool SameState(Gimbal.Testing.KubeApiTestServer server, Informer<Service> informer)
    {
        var expected = State(server.List<Service>());
        var actual = State(informer.Cache.List());
        return expected.Count == actual.Count && expected.All(p => actual.TryGetValue(p.Key, out var rv) && rv == p.Value);
    }

    [Fact]
    public async Task Syncs_then_reports_adds_updates_and_deletes_with_old_and_new_objects()
    {
        await using var cluster = await TestCluster.StartAsync();
        cluster.Server.CreateNamespace("team-a");
        for (var i = 0; i < 20; i++)
        {
            cluster.Server.Create(Svc("team-a", $"svc-{i}"));
        }

        var informer = cluster.Client.CreateInformer(KubernetesResources.Services, FastRecovery with { Namespace = "team-a", IndexedLabels = ["tier"] });
        var log = new ConcurrentQueue<string>();
        informer.AddHandler(
            onAdd: s => log.Enqueue($"add {s.Metadata.Name}"),
            onUpdate: (o, n) => log.Enqueue($"update {n.Metadata.Name} {o.Metadata.Labels!["tier"]}->{n.Metadata.Labels!["tier"]}"),
            onDelete: s => log.Enqueue($"delete {s.Metadata.Name}"));
        using var stop = new CancellationTokenSource();
        var run = informer.RunAsync(stop.Token);

        await informer.WaitForSyncAsync().WaitAsync(Eventually.Timeout);
        Assert.True(informer.HasSynced);
        Assert.Equal(20, informer.Cache.Count);
        Assert.Equal(20, log.Count(l => l.StartsWith("add ", StringComparison.Ordinal)));

        cluster.Server.Replace(Svc("team-a", "svc-3", tier: "db"));
        cluster.Server.Delete<Service>("team-a", "svc-4");
        cluster.Server.Create(Svc("team-a", "svc-new"));
        await Eventually.TrueAsync(() => log.Contains("add svc-new"), "the new service arrives");
        Assert.Contains("update svc-3 web->db", log);
        Assert.Contains("delete svc-4", log);
        Assert.Null(informer.Cache.Get("team-a", "svc-4"));
        Assert.Equal("db", informer.Cache.Get("team-a", "svc-3")!.Metadata.Labels!["tier"]);
        Assert.Equal(["svc-3"], informer.Cache.ListByLabel("tier", "db").Select(s => s.Metadata.Name));
        Assert.Equal(19, informer.Cache.ListByLabel("tier", "web").Count);
        Assert.Empty(informer.Cache.ListByLabel("unindexed", "x"));
        Assert.Equal(20, informer.Cache.ListByNamespace("team-a").Count);

        await stop.CancelAsync();
        await run.WaitAsync(Eventually.Timeout);
    }

    [Fact]
    public async Task A_410_on_resume_relists_and_reports_deletes_the_watch_never_saw()
    {
        await using var cluster = await TestCluster.StartAsync();
        cluster.Server.CreateNamespace("team-a");
        cluster.Server.Create(Svc("team-a", "keep"));
        cluster.Server.Create(Svc("team-a", "doomed"));
        var informer = cluster.Client.CreateInformer(KubernetesResources.Services, FastRecovery);
        var deleted = new ConcurrentQueue<string>();
        informer.AddHandler(onDelete: s => deleted.Enqueue(s.Metadata.Name!));
        using var stop = new CancellationTokenSource();
        var run = informer.RunAsync(stop.Token);
        await informer.WaitForSyncAsync().WaitAsync(Eventually.Timeout);
        var listsBefore = Lists(cluster);

        // Hold the informer off the server while the object goes and history is compacted.
        cluster.Server.Faults.FailNextRequests(int.MaxValue, 500);
        cluster.Server.Faults.CloseAllWatches();
        cluster.Server.Delete<Service>("team-a", "doomed");
        cluster.Server.Faults.CompactHistory();
        cluster.Server.Faults.FailNextRequests(0, 500);

        await Eventually.TrueAsync(() => deleted.Contains("doomed"), "the re-list finds the delete");
        Assert.True(Lists(cluster) > listsBefore);
        Assert.True(SameState(cluster.Server, informer));

        await stop.CancelAsync();
        await run.WaitAsync(Eventually.Timeout);
    }

    [Fact]
    public async Task Resumes_from_the_last_resourceVersion_after_a_dropped_watch_without_relisting()
    {
        await using var cluster = await TestCluster.StartAsync();
        var informer = cluster.Client.CreateInformer(KubernetesResources.Services, FastRecovery);
        using var stop = new CancellationTokenSource();
        var run = informer.RunAsync(stop.Token);
        await informer.WaitForSyncAsync().WaitAsync(Eventually.Timeout);
        var lists = Lists(cluster);

        for (var i = 0; i < 5; i++)
        {
            cluster.Server.Faults.CloseAllWatches(abort: i % 2 == 0);
            cluster.Server.Create(Svc("default", $"after-drop-{i}"));
            await Eventually.TrueAsync(() => informer.Cache.Get("default", $"after-drop-{i}") is not null, $"after-drop-{i} arrives");
        }

        Assert.Equal(lists, Lists(cluster));
        Assert.Contains(cluster.Server.Requests.Snapshot(), r => r.PathAndQuery.Contains("watch=true", StringComparison.Ordinal) && r.PathAndQuery.Contains("resourceVersion=", StringComparison.Ordinal));
        await stop.CancelAsync();
        await run.WaitAsync(Eventually.Timeout);
    }

    [Fact]
    public async Task Bookmarks_move_the_resume_point_without_events()
    {
        var options = new Gimbal.Testing.KubeApiTestServerOptions { BookmarkInterval = TimeSpan.FromMilliseconds(50) };
        await using var cluster = await TestCluster.StartAsync(options);
        cluster.Server.CreateNamespace("quiet");
        cluster.Server.CreateNamespace("busy");
        var informer = cluster.Client.CreateInformer(KubernetesResources.Services, FastRecovery with { Namespace = "quiet" });
        var events = 0;
        informer.AddHandler(_ => Interlocked.Increment(ref events), (_, _) => Interlocked.Increment(ref events), _ => Interlocked.Increment(ref events));
        using var stop = new CancellationTokenSource();
        var run = informer.RunAsync(stop.Token);
        await informer.WaitForSyncAsync().WaitAsync(Eventually.Timeout);
        var synced = long.Parse(informer.LastResourceVersion!);

        var elsewhere = cluster.Server.Create(Svc("busy", "noise"));
        var target = long.Parse(elsewhere.Metadata.ResourceVersion!);
        await Eventually.TrueAsync(() => long.Parse(informer.LastResourceVersion!) >= target, "a bookmark carries the newer resourceVersion");
        Assert.True(target > synced);
        Assert.Equal(0, Volatile.Read(ref events));

        await stop.CancelAsync();
        await run.WaitAsync(Eventually.Timeout);
    }

    [Fact]
    public async Task Periodic_resync_hands_every_cached_object_to_update()
    {
        await using var cluster = await TestCluster.StartAsync();
        cluster.Server.Create(Svc("default", "a"));
        var informer = cluster.Client.CreateInformer(KubernetesResources.Services, FastRecovery with { ResyncPeriod = TimeSpan.FromMilliseconds(100) });
        var resynced = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        informer.AddHandler(onUpdate: (o, n) =>
        {
            if (ReferenceEquals(o, n))
            {
                resynced.TrySetResult();
            }
        });
        using var stop = new CancellationTokenSource();
        var run = informer.RunAsync(stop.Token);
        await resynced.Task.WaitAsync(Eventually.Timeout);
        await stop.CancelAsync();
        await run.WaitAsync(Eventually.Timeout);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task After_100_random_faults_the_cache_equals_the_server_exactly(bool http2OverTls)
    {
        var options = new Gimbal.Testing.KubeApiTestServerOptions { HistoryLimit = 50, BookmarkInterval = TimeSpan.FromMilliseconds(50) };
        var ca = http2OverTls ? TestCertificates.CreateAuthority("storm-ca") : null;
        if (ca is not null)
        {
            options.ServerCertificate = TestCertificates.IssueServer(ca, ["localhost"]);
        }

        await using var cluster = await TestCluster.StartAsync(options, c => c with
        {
            MaxRetryAfter = TimeSpan.FromMilliseconds(50),
            CertificateAuthorities = ca is null ? [] : [ca],
        });
        var server = cluster.Server;
        foreach (var ns in new[] { "a", "b", "c" })
        {
            server.CreateNamespace(ns);
        }

        var random = new Random(1234);
        var informer = cluster.Client.CreateInformer(KubernetesResources.Services, FastRecovery);
        var adds = 0;
        var deletes = 0;
        informer.AddHandler(onAdd: _ => Interlocked.Increment(ref adds), onDelete: _ => Interlocked.Increment(ref deletes));
        using var stop = new CancellationTokenSource();
        var run = informer.RunAsync(stop.Token);
        await informer.WaitForSyncAsync().WaitAsync(Eventually.Timeout);

        for (var fault = 0; fault < 100; fault++)
        {
            for (var change = random.Next(1, 8); change > 0; change--)
            {
                var ns = new[] { "a", "b", "c" }[random.Next(3)];
                var name = $"svc-{random.Next(40)}";
                var existing = server.Get<Service>(ns, name);
                if (existing is null)
                {
                    server.Create(Svc(ns, name));
                }
                else if (random.Next(3) == 0)
                {
                    server.Delete<Service>(ns, name);
                }
                else
                {
                    server.Replace(Svc(ns, name, tier: $"t{random.Next(1000)}"));
                }
            }

            switch (random.Next(6))
            {
                case 0:
                    server.Faults.CloseAllWatches(abort: true);
                    break;
                case 1:
                    server.Faults.CloseAllWatches(abort: false);
                    break;
                case 2:
                    server.Faults.FailNextRequests(random.Next(1, 4), random.Next(2) == 0 ? 500 : 503);
                    break;
                case 3:
                    server.Faults.FailNextRequests(random.Next(1, 3), 429, TimeSpan.FromSeconds(1));
                    break;
                case 4:
                    server.Faults.CompactHistory();
                    server.Faults.CloseAllWatches(abort: random.Next(2) == 0);
                    break;
                default:
                    // Enough churn to push a resume point out of the 50-change window.
                    for (var i = 0; i < 60; i++)
                    {
                        server.Upsert(Svc("c", "churn", tier: $"c{i}"));
                    }

                    server.Faults.CloseAllWatches();
                    break;
            }

            if (fault % 10 == 9)
            {
                await Eventually.TrueAsync(() => SameState(server, informer), $"the cache catches up after fault {fault}");
            }
        }

        server.Faults.FailNextRequests(0, 500);
        await Eventually.TrueAsync(() => SameState(server, informer), "the cache equals the server");
        Assert.True(adds > 0 && deletes > 0);
        Assert.True(Lists(cluster) > 1);
        Assert.All(cluster.Server.Requests.Snapshot(), r => Assert.Equal(http2OverTls ? "HTTP/2" : "HTTP/1.1", r.Protocol));

        await stop.CancelAsync();
        await run.WaitAsync(Eventually.Timeout);
    }

    private static int Lists(TestCluster cluster) =>
        cluster.Server.Requests.Snapshot().Count(r => r.Method == "GET" && r.PathAndQuery.StartsWith("/api/v1/services", StringComparison.Ordinal) && !r.PathAndQuery.Contains("watch=", StringComparison.Ordinal) && !r.PathAndQuery.Contains("continue=", StringComparison.Ordinal));
}
