using System.Diagnostics;
using System.Globalization;
using Gimbal.Core.Compilation;

namespace Gimbal.Benchmarks.Compile;

/// <summary>
/// Issue 2's figures: full compile time and allocations for <see cref="LargeSnapshot"/>, and the time
/// to apply an endpoint-only change of one Service.
/// </summary>
public sealed class CompileBenchmark : IBenchmarkProgram
{
    private const double FullCompileGoalMs = 250;
    private const double EndpointChangeGoalMs = 5;

    public string Name => "compile";

    public string Description => "RouteCompiler: full compile of 10 000 Ingresses / 200 000 endpoints, and an endpoint-only change";

    public Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var iterations = args.Length > 0 && int.TryParse(args[0], CultureInfo.InvariantCulture, out var n) ? n : 9;
        Console.WriteLine("generating snapshot (10 000 Ingresses, 20 000 Services, 200 000 endpoints, 1 000 TLS Secrets)…");
        var snapshot = LargeSnapshot.Create(seed: 1);

        var compiler = new RouteCompiler();
        var cold = Stopwatch.StartNew();
        var result = compiler.Compile(snapshot);
        cold.Stop();
        var endpointCount = result.Endpoints.Clusters.Values.Sum(c => c.Endpoints.Count);
        Console.WriteLine($"compiled: {result.Routes.VirtualHosts.Count} virtual hosts, {result.Routes.VirtualHosts.Sum(v => v.Routes.Count)} routes, " +
                          $"{result.Routes.Clusters.Count} clusters, {result.Routes.Certificates.Count} certificates, {endpointCount} endpoints, {result.Diagnostics.Count} diagnostics");

        var times = new List<double>();
        var cpuTimes = new List<double>();
        var allocations = new List<long>();
        var pauses = new List<double>();
        using var process = Process.GetCurrentProcess();
        var gcBefore = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        for (var i = 0; i < iterations && !cancellationToken.IsCancellationRequested; i++)
        {
            GC.Collect();
            var before = GC.GetAllocatedBytesForCurrentThread();
            process.Refresh();
            var cpuBefore = process.TotalProcessorTime;
            var pauseBefore = GC.GetTotalPauseDuration();
            var watch = Stopwatch.StartNew();
            result = compiler.Compile(snapshot);
            watch.Stop();
            process.Refresh();
            cpuTimes.Add((process.TotalProcessorTime - cpuBefore).TotalMilliseconds);
            pauses.Add((GC.GetTotalPauseDuration() - pauseBefore).TotalMilliseconds);
            allocations.Add(GC.GetAllocatedBytesForCurrentThread() - before);
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        var gcs = (GC.CollectionCount(0) - gcBefore.Item1, GC.CollectionCount(1) - gcBefore.Item2, GC.CollectionCount(2) - gcBefore.Item3);
        var updates = new List<double>();
        var directUpdates = new List<double>();
        for (var i = 0; i < 31 && !cancellationToken.IsCancellationRequested; i++)
        {
            var (changed, key) = LargeSnapshot.WithChangedEndpoints(snapshot, seed: 100 + i);
            var watch = Stopwatch.StartNew();
            var updated = compiler.UpdateEndpoints(result, changed, [key]);
            watch.Stop();
            updates.Add(watch.Elapsed.TotalMilliseconds);

            // What a watch event gives a host: the changed objects themselves.
            var objects = ServiceEndpoints.From(changed, key)!;
            watch.Restart();
            var direct = compiler.UpdateEndpoints(result, [objects]);
            watch.Stop();
            directUpdates.Add(watch.Elapsed.TotalMilliseconds);

            if (!ReferenceEquals(updated.Routes, result.Routes) || !ReferenceEquals(direct.Routes, result.Routes)
                || updated.Endpoints.Find(key + "/80") is not { Endpoints.Count: LargeSnapshot.EndpointsPerService } c
                || !c.Equals(direct.Endpoints.Find(key + "/80")))
            {
                throw new InvalidOperationException("an endpoint-only change must keep the route table and update the Service's cluster");
            }
        }

        var median = Median(times);
        var update = Median(updates);
        Console.WriteLine();
        Console.WriteLine($"load average: {LoadAverage()} on {Environment.ProcessorCount} cores (wall times suffer on a shared machine; CPU time less so)");
        Console.WriteLine($"{"figure",-48} {"measured",12} {"goal",10} {"ratio",8}");
        Console.WriteLine($"{"full compile, median of " + times.Count + " (ms)",-48} {median,12:F1} {"≤ " + FullCompileGoalMs,10} {median / FullCompileGoalMs,8:F2}");
        Console.WriteLine($"{"full compile, median CPU time (ms)",-48} {Median(cpuTimes),12:F1} {"≤ " + FullCompileGoalMs,10} {Median(cpuTimes) / FullCompileGoalMs,8:F2}");
        Console.WriteLine($"{"  of which GC pauses, median (ms)",-48} {Median(pauses),12:F1} {"-",10} {"-",8}");
        Console.WriteLine($"{"first compile, certificates not yet checked (ms)",-48} {cold.Elapsed.TotalMilliseconds,12:F1} {"-",10} {"-",8}");
        Console.WriteLine($"{"allocated per full compile (MB)",-48} {Median(allocations.Select(a => a / 1048576.0).ToList()),12:F1} {"-",10} {"-",8}");
        Console.WriteLine($"{"GCs per full compile (gen0/gen1/gen2, incl. the forced one)",-48} {$"{gcs.Item1 / (double)times.Count:F1}/{gcs.Item2 / (double)times.Count:F1}/{gcs.Item3 / (double)times.Count:F1}",12} {"-",10} {"-",8}");
        Console.WriteLine($"{"endpoint-only change, 1 Service, median (ms)",-48} {update,12:F3} {"≤ " + EndpointChangeGoalMs,10} {update / EndpointChangeGoalMs,8:F2}");
        Console.WriteLine($"{"  same, given the changed objects (no scan) (ms)",-48} {Median(directUpdates),12:F3} {"≤ " + EndpointChangeGoalMs,10} {Median(directUpdates) / EndpointChangeGoalMs,8:F2}");
        return Task.FromResult(median <= FullCompileGoalMs && update <= EndpointChangeGoalMs ? 0 : 1);
    }

    private static string LoadAverage()
    {
        try
        {
            return File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static double Median(List<double> values)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
