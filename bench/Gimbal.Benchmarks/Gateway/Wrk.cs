using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Gimbal.Benchmarks.Gateway;

/// <summary>One wrk run's figures.</summary>
internal sealed record WrkResult(double RequestsPerSecond, double P50Ms, double P99Ms, long Errors, long Requests)
{
    /// <summary>CPU the measured process tree spent per request, in microseconds; NaN when not measured.</summary>
    public double CpuMicrosPerRequest { get; init; } = double.NaN;
}

/// <summary>Runs wrk and reads requests/s, the latency percentiles and socket/HTTP errors from its report.</summary>
internal static partial class Wrk
{
    public static async Task<WrkResult> RunAsync(string url, int connections, int threads, TimeSpan duration, CancellationToken cancellationToken)
    {
        var arguments = $"-t{threads} -c{connections} -d{(int)Math.Ceiling(duration.TotalSeconds)}s --latency {url}";
        var (exit, output) = await ProcessRunner.RunAsync("wrk", arguments, cancellationToken);
        if (exit != 0)
        {
            throw new InvalidOperationException($"wrk {arguments} failed ({exit}): {output}");
        }

        var rps = double.Parse(RequestsPerSecond().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        var errors = Errors().Matches(output).Sum(m => long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))
            + (Non2xx().Match(output) is { Success: true } n ? long.Parse(n.Groups[1].Value, CultureInfo.InvariantCulture) : 0);
        var requests = long.Parse(TotalRequests().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        return new WrkResult(rps, Percentile(output, "50"), Percentile(output, "99"), errors, requests);
    }

    private static double Percentile(string output, string percentile)
    {
        var match = Regex.Match(output, $@"^\s*{percentile}(?:\.000)?%\s+([0-9.]+)(us|ms|s)\s*$", RegexOptions.Multiline);
        if (!match.Success)
        {
            return double.NaN;
        }

        var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch
        {
            "us" => value / 1000,
            "s" => value * 1000,
            _ => value,
        };
    }

    [GeneratedRegex(@"Requests/sec:\s+([0-9.]+)")]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"(\d+) requests in ")]
    private static partial Regex TotalRequests();

    [GeneratedRegex(@"(?:connect|read|write|timeout) (\d+)")]
    private static partial Regex Errors();

    [GeneratedRegex(@"Non-2xx or 3xx responses: (\d+)")]
    private static partial Regex Non2xx();
}

/// <summary>Runs a program to completion and returns its exit code and combined output.</summary>
internal static class ProcessRunner
{
    public static async Task<(int ExitCode, string Output)> RunAsync(string file, string arguments, CancellationToken cancellationToken)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })
            ?? throw new InvalidOperationException($"cannot start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, await stdout + await stderr);
    }
}
