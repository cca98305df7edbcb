using System.Diagnostics;
using System.Net.Sockets;

namespace Gimbal.Benchmarks.Gateway;

/// <summary>A proxy running as its own process (the gateway, or nginx), stopped when disposed.</summary>
internal sealed class ProxyProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ProxyProcess(Process process) => _process = process;

    public static async Task<ProxyProcess> StartAsync(string file, string arguments, string readyUrl, CancellationToken cancellationToken)
    {
        var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })
            ?? throw new InvalidOperationException($"cannot start {file}");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 })
            {
                Console.Error.WriteLine($"  [{Path.GetFileName(file)}] {e.Data}");
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var proxy = new ProxyProcess(process);
        await proxy.WaitUntilServingAsync(readyUrl, cancellationToken);
        return proxy;
    }

    /// <summary>CPU time of the process and every descendant (nginx's workers), read from /proc.</summary>
    public TimeSpan CpuTime() => ProcessCpu.OfTree(_process.Id);

    private async Task WaitUntilServingAsync(string url, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(60));
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        while (await tick.WaitForNextTickAsync(deadline.Token))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{_process.StartInfo.FileName} exited with {_process.ExitCode}");
            }

            try
            {
                using var response = await client.GetAsync(url, deadline.Token);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (SocketException)
            {
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
