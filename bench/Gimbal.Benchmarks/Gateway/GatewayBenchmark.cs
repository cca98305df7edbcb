using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Reflection;

namespace Gimbal.Benchmarks.Gateway;

/// <summary>
/// wrk against a Kestrel backend directly (the limit), through gimbal-gateway, and through nginx as
/// the equivalent reverse proxy, one after the other on loopback with the same load.
/// </summary>
public sealed class GatewayBenchmark : IBenchmarkProgram
{
    private const int Connections = 64;
    private const int ResponseBytes = 1024;

    public string Name => "gateway";

    public string Description => "wrk: Kestrel direct vs gimbal-gateway (fast lane, and --no-fast-lane) vs nginx (64 connections, 1 KB); --duration SECONDS (default 30)";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var duration = TimeSpan.FromSeconds(ParseDuration(args));
        var warmup = TimeSpan.FromSeconds(Math.Clamp(duration.TotalSeconds / 3, 2, 10));
        await EnsureToolsAsync(cancellationToken);

        var folder = Directory.CreateTempSubdirectory("gimbal-bench-gateway-").FullName;
        try
        {
            await using var backend = await BackendServer.StartAsync(ResponseBytes);
            var results = new List<(string Name, WrkResult Result)>();
            Console.WriteLine($"gateway benchmark: wrk -c{Connections} -t2, {ResponseBytes} B responses, {duration.TotalSeconds:0}s per target (after {warmup.TotalSeconds:0}s warm-up), {Environment.ProcessorCount} cores");

            results.Add(("kestrel direct", await MeasureAsync($"http://127.0.0.1:{backend.Port}/", duration, warmup, BackendCpu, cancellationToken)));

            var gatewayPort = FreePort();
            var gatewayArguments = string.Join(' ',
                $"\"{GatewayPath()}\"",
                $"--manifests \"{GatewayManifests.Write(folder, backend.Port)}\"",
                $"--http 127.0.0.1:{gatewayPort} --https 127.0.0.1:{FreePort()} --admin 127.0.0.1:{FreePort()}");
            await using (var gateway = await ProxyProcess.StartAsync("dotnet", gatewayArguments, $"http://127.0.0.1:{gatewayPort}/", cancellationToken))
            {
                results.Add(("gimbal-gateway", await MeasureAsync($"http://127.0.0.1:{gatewayPort}/", duration, warmup, gateway.CpuTime, cancellationToken)));
            }

            // The full pipeline alone (Kestrel + YARP for every request), for comparison with the fast lane.
            await using (var gateway = await ProxyProcess.StartAsync("dotnet", gatewayArguments + " --no-fast-lane", $"http://127.0.0.1:{gatewayPort}/", cancellationToken))
            {
                results.Add(("gateway --no-fast-lane", await MeasureAsync($"http://127.0.0.1:{gatewayPort}/", duration, warmup, gateway.CpuTime, cancellationToken)));
            }

            var nginxPort = FreePort();
            var config = NginxConfig.Write(folder, nginxPort, backend.Port);
            await using (var nginx = await ProxyProcess.StartAsync("nginx", $"-c \"{config}\" -p \"{folder}\"", $"http://127.0.0.1:{nginxPort}/", cancellationToken))
            {
                results.Add(("nginx", await MeasureAsync($"http://127.0.0.1:{nginxPort}/", duration, warmup, nginx.CpuTime, cancellationToken)));
            }

            Print(results);
            return 0;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<WrkResult> MeasureAsync(string url, TimeSpan duration, TimeSpan warmup, Func<TimeSpan> cpu, CancellationToken cancellationToken)
    {
        await Wrk.RunAsync(url, Connections, 2, warmup, cancellationToken);
        var before = cpu();
        var result = await Wrk.RunAsync(url, Connections, 2, duration, cancellationToken);
        var spent = cpu() - before;
        return result with { CpuMicrosPerRequest = result.Requests > 0 ? spent.TotalMicroseconds / result.Requests : double.NaN };
    }

    /// <summary>The backend runs inside this process (not its children: wrk is one), idle apart from serving wrk during the direct run.</summary>
    private static TimeSpan BackendCpu()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    private static void Print(List<(string Name, WrkResult Result)> results)
    {
        Console.WriteLine();
        Console.WriteLine($"{"target",-24} {"requests/s",12} {"p50 ms",9} {"p99 ms",9} {"errors",8} {"CPU us/req",11}");
        foreach (var (name, r) in results)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-24} {r.RequestsPerSecond,12:0} {r.P50Ms,9:0.000} {r.P99Ms,9:0.000} {r.Errors,8} {r.CpuMicrosPerRequest,11:0.0}"));
        }

        var direct = results.Single(r => r.Name == "kestrel direct").Result;
        var nginx = results.Single(r => r.Name == "nginx").Result;
        foreach (var (name, gateway) in results.Where(r => r.Name.StartsWith("gimbal-gateway", StringComparison.Ordinal) || r.Name.StartsWith("gateway ", StringComparison.Ordinal)))
        {
            var rpsRatio = gateway.RequestsPerSecond / nginx.RequestsPerSecond;
            var p99Ratio = gateway.P99Ms / nginx.P99Ms;
            Console.WriteLine();
            Console.WriteLine($"{name}:");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  gateway/nginx  requests/s: {rpsRatio:0.00}x (goal >= 1.00x) {(rpsRatio >= 1.0 ? "MET" : "NOT MET")}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  gateway/nginx  p99:        {p99Ratio:0.00}x (goal <= 1.20x) {(p99Ratio <= 1.2 ? "MET" : "NOT MET")}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  gateway/nginx  CPU/request: {gateway.CpuMicrosPerRequest / nginx.CpuMicrosPerRequest:0.00}x (proxy process CPU per request; less sensitive to other load on the machine)"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  gateway/direct requests/s: {gateway.RequestsPerSecond / direct.RequestsPerSecond:0.00}x, p99: {gateway.P99Ms / direct.P99Ms:0.00}x"));
        }
    }

    private static int ParseDuration(string[] args)
    {
        var index = Array.IndexOf(args, "--duration");
        return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], CultureInfo.InvariantCulture, out var seconds) && seconds > 0 ? seconds : 30;
    }

    private static string GatewayPath() =>
        typeof(GatewayBenchmark).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == "GimbalGatewayPath").Value!;

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>wrk and nginx come from Debian; installed on first use.</summary>
    private static async Task EnsureToolsAsync(CancellationToken cancellationToken)
    {
        var missing = new[] { ("wrk", "/usr/bin/wrk"), ("nginx", "/usr/sbin/nginx") }.Where(t => !File.Exists(t.Item2)).Select(t => t.Item1).ToList();
        if (missing.Count == 0)
        {
            return;
        }

        Console.WriteLine($"installing {string.Join(", ", missing)} with apt-get");
        await ProcessRunner.RunAsync("apt-get", "update -qq", cancellationToken);
        var (exit, output) = await ProcessRunner.RunAsync("apt-get", $"install -y -qq --no-install-recommends {string.Join(' ', missing)}", cancellationToken);
        if (exit != 0)
        {
            throw new InvalidOperationException($"apt-get install {string.Join(' ', missing)} failed: {output}");
        }
    }
}
