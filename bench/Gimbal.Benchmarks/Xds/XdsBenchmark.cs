using System.Diagnostics;
using System.Globalization;
using Envoy.Config.Core.V3;
using Envoy.Service.Discovery.V3;
using Gimbal.Benchmarks.Compile;
using Gimbal.Core.Collections;
using Gimbal.Core.Compilation;
using Gimbal.Core.Routing;
using Gimbal.Xds.Hosting;
using Gimbal.Xds.Snapshots;
using Gimbal.Xds.Translation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gimbal.Benchmarks.Xds;

/// <summary>
/// Issue 4's figures: translating the 10 000-Ingress route table into Envoy resources (cold, and again
/// after a small change as the control plane's long-lived translator does); with 1 000 ADS streams
/// connected, the time from an endpoint change to each stream receiving it, and the bytes sent; and a full
/// push to 100 streams. Arguments: [streams (1000)] [HTTP/2 connections they share (10; 1000 = one per Envoy)].
/// </summary>
public sealed class XdsBenchmark : IBenchmarkProgram
{
    private const double TranslateGoalMs = 300;
    private const double EndpointP99GoalMs = 50;
    private const int DefaultConnections = 10;

    public string Name => "xds";

    public string Description => "Gimbal.Xds: translate 10 000 Ingresses, endpoint change to 1 000 ADS streams, full push to 100";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        if (await ServerGcRun.EnsureAsync(cancellationToken) is { } exitCode)
        {
            return exitCode;
        }

        var streams = args.Length > 0 && int.TryParse(args[0], CultureInfo.InvariantCulture, out var s) ? s : 1000;

        // Envoys connect one each; the default spreads the streams over a few connections (see EndpointChangeAsync).
        var connections = args.Length > 1 && int.TryParse(args[1], CultureInfo.InvariantCulture, out var c) ? Math.Clamp(c, 1, streams) : DefaultConnections;
        Console.WriteLine("compiling the compile benchmark's snapshot (10 000 Ingresses)…");
        var compiled = new RouteCompiler().Compile(LargeSnapshot.Create(seed: 1));
        var routes = compiled.Routes;
        var endpoints = compiled.Endpoints;
        Console.WriteLine($"route table: {routes.VirtualHosts.Count} hosts, {routes.Clusters.Count} clusters, {routes.Certificates.Count} certificates");

        TranslateFigures(routes, endpoints, cancellationToken);

        await using var app = await StartServerAsync();
        var publisher = app.Services.GetRequiredService<XdsPublisher>();
        publisher.Publish(routes, endpoints);
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());

        try
        {
            await EndpointChangeAsync(address, publisher, routes, endpoints, streams, connections, cancellationToken);
            await FullPushAsync(address, publisher, routes, endpoints, 100, cancellationToken);
        }
        catch (Exception e) when (e is InvalidOperationException or System.Threading.Channels.ChannelClosedException)
        {
            // A stream that ends early (server error, lost connection) leaves this run without stream figures; say why.
            Console.WriteLine($"ADS stream phase failed, no stream figures: {e.GetBaseException().Message}");
            return 1;
        }

        return 0;
    }

    private static void TranslateFigures(RouteTable routes, EndpointTable endpoints, CancellationToken cancellationToken)
    {
        // Cold: a fresh translator and publisher have nothing to reuse and build every resource. Recompile:
        // the long-lived ones (as in the control plane) after one cluster and one cluster's endpoints changed,
        // a different change every time, so the changed pieces are really translated and the rest reused.
        var translator = new EnvoyTranslator();
        var publisher = new XdsPublisher(translator, new XdsSnapshotCache());
        var (cold, coldCpu, again, againCpu, snapshot) = (new List<double>(), new List<double>(), new List<double>(), new List<double>(), new List<double>());
        var (publishCold, publishColdCpu, publishAgain, publishAgainCpu) = (new List<double>(), new List<double>(), new List<double>(), new List<double>());
        var resources = translator.Translate(routes, endpoints);
        publisher.Publish(routes, endpoints);
        new XdsPublisher(new EnvoyTranslator(), new XdsSnapshotCache()).Publish(routes, endpoints);
        for (var i = 0; i < 7 && !cancellationToken.IsCancellationRequested; i++)
        {
            var (changedRoutes, changedEndpoints) = OneChange(routes, endpoints, i);
            Measure(cold, coldCpu, () => resources = new EnvoyTranslator().Translate(routes, endpoints));
            Measure(again, againCpu, () => resources = translator.Translate(changedRoutes, changedEndpoints));
            Measure(snapshot, [], () => XdsSnapshot.From(resources));
            Measure(publishCold, publishColdCpu, () => new XdsPublisher(new EnvoyTranslator(), new XdsSnapshotCache()).Publish(routes, endpoints));
            Measure(publishAgain, publishAgainCpu, () => publisher.Publish(changedRoutes, changedEndpoints));
        }

        Console.WriteLine($"resources: {resources.Clusters.Length} clusters, {resources.Endpoints.Length} assignments, {resources.Listeners.Length} listeners, {resources.Routes.Length} route configs, {resources.Secrets.Length} secrets; load average {LoadAverage()}");
        Print("translate RouteTable -> Envoy resources, recompile (long-lived translator, 1 cluster + 1 assignment changed)", again, againCpu);
        Print("translate RouteTable -> Envoy resources, cold (fresh translator, every resource built)", cold, coldCpu);
        Console.WriteLine($"  then packing + hashing the cold resources into a snapshot: median {Percentile(snapshot, 50):F1} ms");
        Print("publish (translate + pack + hash, Envoy and gRPC flavors), recompile (long-lived publisher, as the control plane)", publishAgain, publishAgainCpu);
        Print("publish, cold (fresh publisher)", publishCold, publishColdCpu);
        Console.WriteLine($"  CPU on {Environment.ProcessorCount} cores; load average {LoadAverage()}");

        static void Print(string what, List<double> times, List<double> cpu)
        {
            var median = Percentile(times, 50);
            Console.WriteLine($"{what}: median {median:F1} ms, min {times.Min():F1} ms, max {times.Max():F1} ms (goal <= {TranslateGoalMs} ms, ratio {median / TranslateGoalMs:F2}); CPU median {Percentile(cpu, 50):F0} ms");
        }
    }

    // Each measured step starts on a collected heap (as BenchmarkDotNet does by default): the five steps
    // interleave, and one step's garbage would otherwise be collected, at random, inside another's window.
    // A step still pays for every collection its own allocations cause.
    private static void Measure(List<double> times, List<double> cpu, Action action)
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true);
        var cpuStart = Process.GetCurrentProcess().TotalProcessorTime;
        var start = Stopwatch.GetTimestamp();
        action();
        times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        cpu.Add((Process.GetCurrentProcess().TotalProcessorTime - cpuStart).TotalMilliseconds);
    }

    // A recompile after a small edit: one cluster's options and another cluster's endpoints differ.
    private static (RouteTable Routes, EndpointTable Endpoints) OneChange(RouteTable routes, EndpointTable endpoints, int round)
    {
        var clusters = routes.Clusters.ToArray();
        clusters[round % clusters.Length] = clusters[round % clusters.Length] with { CircuitBreakers = new CircuitBreakers { MaxRetries = 100 + round } };
        var moved = endpoints.Find(clusters[(round + 1) % clusters.Length].Name);
        var changedEndpoints = moved is null ? endpoints : endpoints.With(moved with
        {
            Endpoints = moved.Endpoints.Select(e => e with { Port = 30000 + round }).ToEquatableArray(),
        });
        return (routes with { Clusters = clusters.ToEquatableArray() }, changedEndpoints);
    }

    private static async Task EndpointChangeAsync(Uri address, XdsPublisher publisher, RouteTable routes, EndpointTable endpoints, int count, int connectionCount, CancellationToken cancellationToken)
    {
        var changedCluster = routes.Clusters[0].Name;
        var connections = await Task.WhenAll(Enumerable.Range(0, connectionCount).Select(_ => RawHttp2Connection.ConnectAsync(address, cancellationToken)));
        Console.WriteLine($"connecting {count} ADS streams over {connectionCount} HTTP/2 connections, each subscribed to the endpoints of 2 clusters…");
        var streams = new List<AdsBenchStream>();
        foreach (var batch in Enumerable.Range(0, count).Chunk(50))
        {
            streams.AddRange(await Task.WhenAll(batch.Select(i => AdsBenchStream.OpenAsync(connections[i % connectionCount], new DiscoveryRequest
            {
                Node = new Node { Id = $"envoy-{i}", UserAgentName = "envoy" },
                TypeUrl = TypeUrls.ClusterLoadAssignment,
                ResourceNames = { Names(i) },
            }, cancellationToken))));
        }

        for (var i = 0; i < streams.Count; i++)
        {
            // State of the world: an ACK repeats the subscription.
            var (reply, _, _) = await streams[i].ReceiveAsync(cancellationToken);
            var response = reply.Parse();
            await streams[i].SendAsync(new DiscoveryRequest { TypeUrl = response.TypeUrl, VersionInfo = response.VersionInfo, ResponseNonce = response.Nonce, ResourceNames = { Names(i) } }, cancellationToken);
        }

        string[] Names(int i) => [changedCluster, routes.Clusters[1 + (i % (routes.Clusters.Count - 1))].Name];

        var latencies = new List<double>();
        var lastArrivals = new List<double>();
        long bytes = 0;
        var original = endpoints.Find(changedCluster)!;
        var cpuStart = Process.GetCurrentProcess().TotalProcessorTime;
        var (gen0, gen1, gen2, allocated) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalAllocatedBytes());
        for (var round = 0; round < 20 && !cancellationToken.IsCancellationRequested; round++)
        {
            var moved = original with
            {
                Endpoints = original.Endpoints.Select(e => e with { Port = 20000 + round }).ToEquatableArray(),
            };
            var start = Stopwatch.GetTimestamp();
            publisher.PublishEndpoints(endpoints.With(moved), [changedCluster]);
            var arrivals = await Task.WhenAll(streams.Select(async stream =>
            {
                var (reply, timestamp, size) = await stream.ReceiveAsync(cancellationToken);
                Interlocked.Add(ref bytes, size);
                return (Stopwatch.GetElapsedTime(start, timestamp).TotalMilliseconds, Count: reply.CountResources());
            }));
            latencies.AddRange(arrivals.Select(a => a.TotalMilliseconds));
            lastArrivals.Add(arrivals.Max(a => a.TotalMilliseconds));
            if (arrivals.Any(a => a.Count != 1))
            {
                Console.WriteLine("unexpected: a stream received more than the one changed assignment");
            }
        }

        var cpuPerChange = (Process.GetCurrentProcess().TotalProcessorTime - cpuStart).TotalMilliseconds / Math.Max(1, lastArrivals.Count);
        var p99 = Percentile(latencies, 99);
        Console.WriteLine($"endpoint change -> {count} streams, per stream: p50 {Percentile(latencies, 50):F1} ms, p99 {p99:F1} ms (goal p99 <= {EndpointP99GoalMs} ms, ratio {p99 / EndpointP99GoalMs:F2}); CPU per change {cpuPerChange:F1} ms (server and the benchmark's own HTTP/2 clients); load average {LoadAverage()}");
        Console.WriteLine($"endpoint change -> last of {count} streams: p50 {Percentile(lastArrivals, 50):F1} ms, p99 {Percentile(lastArrivals, 99):F1} ms over {lastArrivals.Count} changes");
        Console.WriteLine($"during the changes: GCs gen0/1/2 {GC.CollectionCount(0) - gen0}/{GC.CollectionCount(1) - gen1}/{GC.CollectionCount(2) - gen2}, allocated per change {(GC.GetTotalAllocatedBytes() - allocated) / Math.Max(1, lastArrivals.Count) / 1024:N0} KiB (server and client)");
        Console.WriteLine($"bytes sent per endpoint change: {bytes / Math.Max(1, lastArrivals.Count):N0} ({bytes / Math.Max(1, lastArrivals.Count) / count:N0} per stream)");
        foreach (var stream in streams)
        {
            await stream.DisposeAsync();
        }

        foreach (var connection in connections)
        {
            await connection.DisposeAsync();
        }
    }

    private static async Task FullPushAsync(Uri address, XdsPublisher publisher, RouteTable routes, EndpointTable endpoints, int count, CancellationToken cancellationToken)
    {
        await using var connection = await RawHttp2Connection.ConnectAsync(address, cancellationToken);
        var streams = await Task.WhenAll(Enumerable.Range(0, count).Select(i => AdsBenchStream.OpenAsync(connection, new DiscoveryRequest
        {
            Node = new Node { Id = $"full-{i}", UserAgentName = "envoy" },
            TypeUrl = TypeUrls.Cluster,
        }, cancellationToken)));
        foreach (var stream in streams)
        {
            var (reply, _, _) = await stream.ReceiveAsync(cancellationToken);
            var response = reply.Parse();
            await stream.SendAsync(new DiscoveryRequest { TypeUrl = response.TypeUrl, VersionInfo = response.VersionInfo, ResponseNonce = response.Nonce }, cancellationToken);
        }

        // Every cluster changes: each stream gets all clusters again.
        var changed = routes with { Clusters = routes.Clusters.Select(c => c with { CircuitBreakers = new CircuitBreakers { MaxRetries = 5 } }).ToEquatableArray() };
        long bytes = 0;
        var start = Stopwatch.GetTimestamp();
        publisher.Publish(changed, endpoints);
        var published = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        var arrivals = await Task.WhenAll(streams.Select(async stream =>
        {
            var (_, timestamp, size) = await stream.ReceiveAsync(cancellationToken);
            Interlocked.Add(ref bytes, size);
            return Stopwatch.GetElapsedTime(start, timestamp).TotalMilliseconds;
        }));
        Console.WriteLine($"full push of {routes.Clusters.Count} clusters to {count} streams: translate+publish {published:F0} ms, last stream after {arrivals.Max():F0} ms (p50 {Percentile([.. arrivals], 50):F0} ms), {bytes:N0} bytes sent");
        foreach (var stream in streams)
        {
            await stream.DisposeAsync();
        }
    }

    private static async Task<WebApplication> StartServerAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole().SetMinimumLevel(Environment.GetEnvironmentVariable("XDS_BENCH_LOG") == "1" ? LogLevel.Debug : LogLevel.Warning);
        builder.Services.AddGimbalXds();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.Http2.MaxStreamsPerConnection = 1000;
            k.ListenGimbalXds(new XdsListenOptions { Port = 0 });
        });
        var app = builder.Build();
        app.MapGimbalXds();
        await app.StartAsync();
        return app;
    }

    // Other work on a shared machine shows in every figure: print it next to them.
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static double Percentile(List<double> values, double percentile)
    {
        var sorted = values.Order().ToList();
        var index = (int)Math.Ceiling(percentile / 100 * sorted.Count) - 1;
        return sorted[Math.Clamp(index, 0, sorted.Count - 1)];
    }
}
