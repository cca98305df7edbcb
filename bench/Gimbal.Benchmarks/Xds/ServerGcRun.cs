using System.Diagnostics;
using System.Runtime;

namespace Gimbal.Benchmarks.Xds;

/// <summary>
/// The control plane host runs with server GC (Microsoft.NET.Sdk.Web's default) while this benchmark program
/// runs with workstation GC (right for the other benchmarks, whose hosts use it): a benchmark that stands for the
/// control plane runs itself again in the control plane's GC mode, so its figures are the host's.
/// </summary>
internal static class ServerGcRun
{
    /// <summary>Null when this process already runs with server GC; otherwise the exit code of the rerun.</summary>
    public static async Task<int?> EnsureAsync(CancellationToken cancellationToken)
    {
        if (GCSettings.IsServerGC || Environment.GetEnvironmentVariable("DOTNET_gcServer") is not null)
        {
            Console.WriteLine($"GC: {(GCSettings.IsServerGC ? "server" : "workstation")}, as DOTNET_gcServer says");
            return null;
        }

        var commandLine = Environment.GetCommandLineArgs();
        var start = new ProcessStartInfo(Environment.ProcessPath!) { UseShellExecute = false };
        var viaDotnet = Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet";
        foreach (var arg in viaDotnet ? commandLine : commandLine.Skip(1))
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_gcServer"] = "1";
        Console.WriteLine("GC: rerunning with server GC, as the control plane host runs (set DOTNET_gcServer=0 to measure workstation GC)");
        using var process = Process.Start(start)!;
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return process.ExitCode;
    }
}
