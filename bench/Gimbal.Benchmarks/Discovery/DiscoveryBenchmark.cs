using System.Diagnostics;
using System.Globalization;
using Gimbal.Core.Kubernetes;
using Gimbal.Discovery.Mirroring;
using Gimbal.Kubernetes.Client;
using Gimbal.Testing;
using Gimbal.Testing.Resources;

namespace Gimbal.Benchmarks.Discovery;

/// <summary>
/// Issue 6: 10 000 upstream services (5 endpoints each) in 500 namespaces mirrored between two test API servers
/// over real HTTP: time to a full mirror for each --endpoints-kind at the given client QPS and unlimited, propagation
/// latency of one change, writes of a no-change resync.
/// </summary>
public sealed class DiscoveryBenchmark : IBenchmarkProgram
{
    private const double FullMirrorGoalSeconds = 30;
    private const double PropagationP99GoalMs = 200;

    public string Name => "discovery";

    public string Description => "mirror 10k services / 500 namespaces: full mirror time per --endpoints-kind at the given qps and unlimited, change propagation p50/p99, no-change resync writes [--services N --namespaces N --qps N --workers N --samples N]";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var services = Arg(args, "--services", 10_000);
        var namespaces = Arg(args, "--namespaces", 500);
        var qps = Arg(args, "--qps", 500);
        var workers = Arg(args, "--workers", 16);
        var samples = Arg(args, "--samples", 200);
        var names = Enumerable.Range(0, namespaces).Select(i => $"team-{i:D3}").ToArray();

        var serverOptions = () => new KubeApiTestServerOptions { Namespaces = ["default", "kube-system", .. names], HistoryLimit = 100_000 };
        await using var upstream = await KubeApiTestServer.StartAsync(serverOptions(), cancellationToken);
        for (var i = 0; i < services; i++)
        {
            var ns = names[i % namespaces];
            upstream.Create(new Service
            {
                Metadata = new ObjectMeta { Namespace = ns, Name = $"svc-{i}", Labels = new Dictionary<string, string> { ["app"] = $"svc-{i}" } },
                Spec = new ServiceSpec { Ports = [new ServicePort { Name = "http", Port = 80, TargetPort = 8080, Protocol = "TCP" }], Selector = new Dictionary<string, string> { ["app"] = $"svc-{i}" } },
            });
            upstream.Create(Endpoints(ns, $"svc-{i}", i, generation: 0));
        }

        Console.WriteLine($"seeded {services} services x 5 endpoints in {namespaces} namespaces; {workers} engine workers; each run mirrors into a fresh Gimbal server");
        if (qps > 0)
        {
            using var client = LimiterRate.Client(qps);
            var granted = await LimiterRate.MeasureAsync(client, LimiterRate.Burst(qps), callers: 64, TimeSpan.FromSeconds(5), cancellationToken);
            using var fixedStep = LimiterRate.FixedStep(qps);
            var before = await LimiterRate.MeasureAsync(fixedStep, LimiterRate.Burst(qps), callers: 64, TimeSpan.FromSeconds(5), cancellationToken);
            Console.WriteLine($"client rate limiter alone (64 callers, 5 s, burst {LimiterRate.Burst(qps)}): {granted:F0} grants/s of {qps} configured (ratio {granted / qps:F3}); the previous fixed-step bucket: {before:F0} grants/s (ratio {before / qps:F3})");
        }

        Console.WriteLine($"full mirror (goal <= {FullMirrorGoalSeconds} s); floor = writes / qps, the least time the limiter allows; latency = mean request latency:");
        Console.WriteLine($"  {"--endpoints-kind",-16} {"qps",9} {"time",8} {"ratio",6} {"writes",7} {"writes/s",9} {"requests/s",11} {"latency",8} {"floor",8}");

        var runs = new (EndpointsKind Kind, int Qps)[] { (EndpointsKind.Both, qps), (EndpointsKind.Endpoints, qps), (EndpointsKind.EndpointSlices, qps), (EndpointsKind.Both, 0) };
        var exit = 0;
        foreach (var (kind, runQps) in runs)
        {
            var expectedWrites = services * (kind == EndpointsKind.Both ? 3L : 2L);
            await using var run = await MirrorRun.StartAsync(upstream, serverOptions(), kind, runQps, workers, cancellationToken);
            var mirror = await run.MirrorAsync(expectedWrites, cancellationToken);
            var seconds = mirror.Elapsed.TotalSeconds;
            var floor = runQps > 0 ? $"{mirror.Writes / (double)runQps,6:F1} s" : "-";
            Console.WriteLine($"  {kind.ToString().ToLowerInvariant(),-16} {(runQps > 0 ? runQps.ToString(CultureInfo.InvariantCulture) : "unlimited"),9} {seconds,6:F1} s {seconds / FullMirrorGoalSeconds,6:F2} {mirror.Writes,7} {mirror.WritesPerSecond,9:F0} {mirror.RequestsPerSecond,11:F0} {mirror.MeanLatency.TotalMilliseconds,5:F1} ms {floor,8}");

            if (runQps > 0)
            {
                Console.WriteLine($"    the goal needs >= {mirror.Writes / FullMirrorGoalSeconds:F0} qps for these {mirror.Writes} writes, or fewer writes per Service");
            }

            if (kind != EndpointsKind.Both || runQps != qps)
            {
                continue;
            }

            // Steady state of the default kind at the given qps: one change at a time, then a resync with nothing changed.
            var latencies = await MeasurePropagationAsync(upstream, run.GimbalClient, names, services, samples, cancellationToken);
            var p50 = Percentile(latencies, 0.50);
            var p99 = Percentile(latencies, 0.99);
            Console.WriteLine($"  propagation of one upstream change ({samples} samples, both, {qps} qps): p50 {p50:F1} ms, p99 {p99:F1} ms (goal p99 <= {PropagationP99GoalMs} ms, ratio {p99 / PropagationP99GoalMs:F2})");

            // The last change's Endpoints may still be on their way after its slice arrived.
            while (!run.Engine.IsIdle)
            {
                await Task.Delay(10, cancellationToken);
            }

            var before = run.Engine.Writes;
            await run.Engine.ReconcileAsync(run.Discoverer.ReadSet, cancellationToken);
            while (!run.Engine.IsIdle)
            {
                await Task.Delay(10, cancellationToken);
            }

            var resyncWrites = run.Engine.Writes - before;
            Console.WriteLine($"  writes made by a resync with nothing changed: {resyncWrites} (goal 0)");
            exit = resyncWrites == 0 ? exit : 1;
        }

        return exit;
    }

    private static async Task<List<double>> MeasurePropagationAsync(KubeApiTestServer upstream, KubernetesClient gimbal, string[] names, int services, int samples, CancellationToken cancellationToken)
    {
        var latencies = new List<double>(samples);
        var random = new Random(6);
        for (var sample = 1; sample <= samples; sample++)
        {
            var i = random.Next(services);
            var ns = names[i % names.Length];
            var mirrored = $"bench-svc-{i}";
            var start = await gimbal.EndpointSlices.ListAsync(ns, cancellationToken: cancellationToken);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            stop.CancelAfter(TimeSpan.FromSeconds(30));
            var wanted = Ip(i, sample, 0);
            var clock = Stopwatch.StartNew();
            upstream.Replace(Endpoints(ns, $"svc-{i}", i, sample));
            await foreach (var change in gimbal.EndpointSlices.WatchAsync(ns, new WatchOptions { ResourceVersion = start.Metadata.ResourceVersion }, stop.Token))
            {
                if (change.Object?.Metadata.Name == $"{mirrored}-0" && change.Object.Endpoints?.Any(e => e.Addresses?.Contains(wanted) == true) == true)
                {
                    latencies.Add(clock.Elapsed.TotalMilliseconds);
                    break;
                }
            }
        }

        return latencies;
    }

    private static Endpoints Endpoints(string ns, string name, int index, int generation) => new()
    {
        Metadata = new ObjectMeta { Namespace = ns, Name = name },
        Subsets =
        [
            new EndpointSubset
            {
                Addresses = Enumerable.Range(0, 5).Select(k => new EndpointAddress { Ip = Ip(index, generation, k) }).ToList(),
                Ports = [new EndpointPort { Name = "http", Port = 8080, Protocol = "TCP" }],
            },
        ],
    };

    private static string Ip(int index, int generation, int k) => $"10.{generation % 250}.{index / 250 % 250}.{(index % 250 * 5 + k) % 250 + 1}";

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
    }

    private static int Arg(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
