using System.Diagnostics;
using System.Globalization;
using Gimbal.Core.Kubernetes;
using Gimbal.Kubernetes.Client;
using Gimbal.Kubernetes.Configuration;
using Gimbal.Kubernetes.Informers;
using Gimbal.Testing;

namespace Gimbal.Benchmarks.Kubernetes;

/// <summary>
/// Issue 3: informer initial sync of 100 000 Endpoints (4 addresses each) from the test API server over HTTP:
/// wall time and managed memory per cached object. Goal: at most 10 s and 2 KB per object.
/// Options: --objects N, --page-size N (0: one list), --qps X (0: unlimited), --burst N.
/// </summary>
public sealed class InformerSyncBenchmark : IBenchmarkProgram
{
    private const double GoalSeconds = 10;
    private const double GoalBytesPerObject = 2048;

    public string Name => "informer";

    public string Description => "Informer initial sync of 100k Endpoints: time and managed bytes per cached object (goal <= 10 s, <= 2 KB)";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var objects = Option(args, "--objects", 100_000);
        var pageSize = Option(args, "--page-size", 500);
        var qps = Option(args, "--qps", 0);
        var burst = Option(args, "--burst", 10);

        await using var server = await KubeApiTestServer.StartAsync(new KubeApiTestServerOptions { HistoryLimit = 100 }, cancellationToken);
        Console.WriteLine($"seeding {objects} Endpoints into the test API server ...");
        var seeding = Stopwatch.StartNew();
        for (var ns = 0; ns < 100; ns++)
        {
            server.CreateNamespace($"team-{ns}");
        }

        for (var i = 0; i < objects; i++)
        {
            server.Create(Endpoints(i));
        }

        Console.WriteLine($"seeded in {seeding.Elapsed.TotalSeconds:F1} s");

        using var client = new KubernetesClient(new KubernetesClientConfiguration { Server = server.Url, Qps = qps, Burst = burst, RequestTimeout = TimeSpan.FromMinutes(5) });
        var informer = client.CreateInformer(KubernetesResources.Endpoints, new InformerOptions { PageSize = pageSize });

        var before = SettledManagedBytes();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var gcBefore = GC.CollectionCount(2);
        var clock = Stopwatch.StartNew();
        var run = informer.RunAsync(stop.Token);
        await informer.WaitForSyncAsync(cancellationToken);
        var elapsed = clock.Elapsed;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var gen2 = GC.CollectionCount(2) - gcBefore;
        var after = SettledManagedBytes();
        var cached = informer.Cache.Count;
        GC.KeepAlive(informer);

        await stop.CancelAsync();
        await run;

        var bytesPerObject = (after - before) / (double)Math.Max(1, cached);
        Console.WriteLine();
        Console.WriteLine($"informer initial sync: {cached} Endpoints cached (page size {(pageSize > 0 ? pageSize.ToString(CultureInfo.InvariantCulture) : "unlimited")}, qps {(qps > 0 ? qps.ToString(CultureInfo.InvariantCulture) : "unlimited")})");
        Console.WriteLine($"  time               {elapsed.TotalSeconds,8:F2} s      goal <= {GoalSeconds} s      ratio {elapsed.TotalSeconds / GoalSeconds:F2}");
        Console.WriteLine($"  cpu (client+server) {cpu.TotalSeconds,7:F2} s      gen2 collections {gen2}      load average {LoadAverage()}");
        Console.WriteLine($"  managed per object {bytesPerObject,8:F0} bytes  goal <= {GoalBytesPerObject} bytes  ratio {bytesPerObject / GoalBytesPerObject:F2}");
        var ok = cached == objects && elapsed.TotalSeconds <= GoalSeconds && bytesPerObject <= GoalBytesPerObject;
        Console.WriteLine(ok ? "  PASS" : "  MISS");
        return ok ? 0 : 1;
    }

    private static Endpoints Endpoints(int i) => new()
    {
        Metadata = new ObjectMeta
        {
            Name = $"svc-{i}",
            Namespace = $"team-{i % 100}",
            Labels = new Dictionary<string, string> { ["app"] = $"svc-{i}" },
        },
        Subsets =
        [
            new EndpointSubset
            {
                Addresses = [.. Enumerable.Range(0, 4).Select(a => new EndpointAddress { Ip = $"10.{(i >> 16) & 255}.{(i >> 8) & 255}.{(i & 255) ^ a}", NodeName = $"node-{a}" })],
                Ports = [new EndpointPort { Name = "http", Port = 8080, Protocol = "TCP" }],
            },
        ],
    };

    // The machine is shared: the load average tells how much of the wall time was waiting for a core.
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

    private static long SettledManagedBytes()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], CultureInfo.InvariantCulture, out var value) ? value : fallback;
    }
}
