using System.Diagnostics;

namespace Gimbal.Discovery.Tests.Host;

/// <summary>Runs `promtool check metrics` (install-deps.sh installs it) on an exposition text.</summary>
internal static class Promtool
{
    /// <summary>
    /// The original Gimbal's metric names are kept on purpose (dashboards and alerts use them): its per-namespace
    /// totals are gauges named "_total" and its API latency is in milliseconds, which promtool's lint objects to.
    /// Those findings, and nothing else, are allowed.
    /// </summary>
    private static readonly string[] KnownLint =
    [
        "gimbal_discoverer_api_latency_milliseconds use base unit \"seconds\" instead of \"milliseconds\"",
        .. new[] { "upstream_services", "replicated_services", "invalid_services", "upstream_endpoints", "replicated_endpoints", "invalid_endpoints" }
            .Select(name => $"gimbal_discoverer_{name}_total non-counter metrics should not have \"_total\" suffix"),
    ];

    public static void AssertValid(string metrics)
    {
        var start = new ProcessStartInfo("promtool", "check metrics") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("promtool did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(metrics);
        process.StandardInput.Close();
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(60)), "promtool did not finish");
        var problems = (output.Result + "\n" + error.Result)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => !KnownLint.Contains(line))
            .ToList();

        // Exit code 1 is a parse error; 3 is lint problems, which must all be the known ones.
        Assert.True(process.ExitCode is 0 or 3, $"promtool exit code {process.ExitCode}: {string.Join('\n', problems)}\n{metrics}");
        Assert.True(problems.Count == 0, $"promtool: {string.Join('\n', problems)}");
    }
}
