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
/// Issue 4's figures: translating the 10 000-Ingress route table into Envoy resources; with 1 000
/// ADS streams connected, the time from an endpoint change to each stream receiving it, and the bytes
/// sent; and a full push to 100 streams.
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

        var translator = new EnvoyTranslator();
        var translateTimes = new List<double>();
        var snapshotTimes = new List<double>();
        var publishTimes = new List<double>();
        var translateCpu = new List<double>();
        var publishCpu = new List<double>();
        EnvoyResources resources = translator.Translate(routes, endpoints);
        new XdsPublisher(translator, new XdsSnapshotCache()).Publish(routes, endpoints);
        for (var i = 0; i < 7 && !cancellationToken.IsCancellationRequested; i++)
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            resources = translator.Translate(routes, endpoints);
            translateTimes.Add(watch.Elapsed.TotalMilliseconds);
            translateCpu.Add((Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds);
            watch.Restart();
            _ = XdsSnapshot.From(resources);
            snapshotTimes.Add(watch.Elapsed.TotalMilliseconds);

            // What the control plane does on a compile: both flavors translated, packed and versioned.
            var fresh = new XdsPublisher(translator, new XdsSnapshotCache());
            cpu = Process.GetCurrentProcess().TotalProcessorTime;
            watch.Restart();
            fresh.Publish(routes, endpoints);
            publishTimes.Add(watch.Elapsed.TotalMilliseconds);
            publishCpu.Add((Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds);
        }

        var translateMedian = Percentile(translateTimes, 50);
        var publishMedian = Percentile(publishTimes, 50);
        Console.WriteLine($"resources: {resources.Clusters.Length} clusters, {resources.Endpoints.Length} assignments, {resources.Listeners.Length} listeners, {resources.Routes.Length} route configs, {resources.Secrets.Length} secrets");
        Console.WriteLine($"translate RouteTable -> Envoy resources: median {translateMedian:F1} ms, min {translateTimes.Min():F1} ms (goal <= {TranslateGoalMs} ms, ratio {translateMedian / TranslateGoalMs:F2}); CPU {Percentile(translateCpu, 50):F0} ms; then packing + hashing those into a snapshot: median {Percentile(snapshotTimes, 50):F1} ms");
        Console.WriteLine($"publish (translate + pack + hash, Envoy and gRPC flavors, as the control plane does): median {publishMedian:F1} ms, min {publishTimes.Min():F1} ms (goal <= {TranslateGoalMs} ms, ratio {publishMedian / TranslateGoalMs:F2}); CPU {Percentile(publishCpu, 50):F0} ms on {Environment.ProcessorCount} cores; load average {LoadAverage()}");

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
