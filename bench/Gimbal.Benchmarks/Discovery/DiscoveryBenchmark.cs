using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using Gimbal.Core.Kubernetes;
using Gimbal.Discovery.Kubernetes;
using Gimbal.Discovery.Metrics;
using Gimbal.Discovery.Mirroring;
using Gimbal.Kubernetes.Client;
using Gimbal.Kubernetes.Configuration;
using Gimbal.Testing;
using Gimbal.Testing.Resources;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gimbal.Benchmarks.Discovery;

/// <summary>
/// Issue 6: 10 000 upstream services (5 endpoints each) in 500 namespaces mirrored between two test API servers
/// over real HTTP: time to a full mirror, propagation latency of one change, writes of a no-change resync.
/// </summary>
public sealed class DiscoveryBenchmark : IBenchmarkProgram
{
    private const double FullMirrorGoalSeconds = 30;
    private const double PropagationP99GoalMs = 200;

    public string Name => "discovery";

    public string Description => "mirror 10k services / 500 namespaces: full mirror time, change propagation p50/p99, no-change resync writes [--services N --namespaces N --qps N --samples N]";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var services = Arg(args, "--services", 10_000);
        var namespaces = Arg(args, "--namespaces", 500);
        var qps = Arg(args, "--qps", 500);
        var samples = Arg(args, "--samples", 200);
        var names = Enumerable.Range(0, namespaces).Select(i => $"team-{i:D3}").ToArray();

        var serverOptions = () => new KubeApiTestServerOptions { Namespaces = ["default", "kube-system", .. names], HistoryLimit = 100_000 };
        await using var upstream = await KubeApiTestServer.StartAsync(serverOptions(), cancellationToken);
        await using var gimbal = await KubeApiTestServer.StartAsync(serverOptions(), cancellationToken);
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

        var qpsText = qps > 0 ? $"{qps} (burst {qps})" : "unlimited";
        Console.WriteLine($"seeded {services} services x 5 endpoints in {namespaces} namespaces; Gimbal client qps {qpsText}");

        using var provider = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var upstreamClient = new KubernetesClient(new KubernetesClientConfiguration { Server = upstream.Url, Qps = 0 });
        using var gimbalClient = new KubernetesClient(new KubernetesClientConfiguration { Server = gimbal.Url, Qps = qps, Burst = qps });
        var metrics = new DiscovererMetrics(provider.GetRequiredService<IMeterFactory>());
        var engine = new MirrorEngine(new KubernetesMirrorTarget(gimbalClient), new MirrorEngineOptions { BackendName = "bench", Workers = 16 }, metrics, NullLogger<MirrorEngine>.Instance);
        var options = new KubernetesDiscovererOptions { ResyncInterval = TimeSpan.FromHours(1) };
        using var discoverer = new KubernetesDiscoverer(upstreamClient, engine, new KubernetesMirrorMapper("bench", options), options, metrics, NullLogger<KubernetesDiscoverer>.Instance);

        var expectedWrites = services * 3L;
        var clock = Stopwatch.StartNew();
        await discoverer.StartAsync(cancellationToken);
        while (!(discoverer.Status.Reconciled && engine.IsIdle && engine.Writes >= expectedWrites))
        {
            await Task.Delay(10, cancellationToken);
        }

        var fullMirror = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"full mirror: {fullMirror:F1} s for {engine.Writes} writes (goal <= {FullMirrorGoalSeconds} s, ratio {fullMirror / FullMirrorGoalSeconds:F2}){(qps > 0 ? $"; at {qps} qps the {expectedWrites} writes alone need >= {expectedWrites / (double)qps:F1} s" : string.Empty)}");

        var latencies = await MeasurePropagationAsync(upstream, gimbalClient, names, services, samples, cancellationToken);
        var p50 = Percentile(latencies, 0.50);
        var p99 = Percentile(latencies, 0.99);
        Console.WriteLine($"propagation of one upstream change ({samples} samples): p50 {p50:F1} ms, p99 {p99:F1} ms (goal p99 <= {PropagationP99GoalMs} ms, ratio {p99 / PropagationP99GoalMs:F2})");

        var before = engine.Writes;
        await engine.ReconcileAsync(discoverer.ReadSet, cancellationToken);
        while (!engine.IsIdle)
        {
            await Task.Delay(10, cancellationToken);
        }

        var resyncWrites = engine.Writes - before;
        Console.WriteLine($"writes made by a resync with nothing changed: {resyncWrites} (goal 0)");

        await discoverer.StopAsync(CancellationToken.None);
        return resyncWrites == 0 ? 0 : 1;
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
