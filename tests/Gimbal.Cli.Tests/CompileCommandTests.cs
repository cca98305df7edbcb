using System.Text.Json;

namespace Gimbal.Cli.Tests;

public sealed class CompileCommandTests
{
    [Fact]
    public async Task Quickstart_compiles_cleanly_to_json()
    {
        var (exit, output, error) = await GimbalProcess.RunAsync("compile", "-f", "samples/quickstart", "--format", "json");

        Assert.True(exit == 0, error);
        using var json = JsonDocument.Parse(output);
        var hosts = json.RootElement.GetProperty("routes").GetProperty("virtualHosts").EnumerateArray()
            .Select(h => h.GetProperty("name").GetString()).ToList();
        Assert.Equal(["canary.gimbal.local", "secure.gimbal.local", "web.gimbal.local"], hosts);
        Assert.Equal(0, json.RootElement.GetProperty("diagnostics").GetArrayLength());
    }

    [Fact]
    public async Task A_host_takeover_is_an_error_diagnostic_and_exit_code_1()
    {
        var (exit, output, _) = await GimbalProcess.RunAsync("compile", "-f", "samples/quickstart", "-f", "samples/team-isolation");

        Assert.Equal(1, exit);
        Assert.Contains("error: Ingress team-b/takeover: spec.rules[0].host:", output, StringComparison.Ordinal);
        Assert.Contains("(HostConflict)", output, StringComparison.Ordinal);
        Assert.Contains("prefix /west", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_file_is_a_usage_error()
    {
        var (exit, _, error) = await GimbalProcess.RunAsync("compile", "-f", "does/not/exist.yaml");

        Assert.Equal(2, exit);
        Assert.Contains("does/not/exist.yaml", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Manifest_problems_are_warnings_on_standard_error()
    {
        var dir = Directory.CreateTempSubdirectory("gimbal-cli-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(dir, "d.yaml"), "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\n");
            var (exit, _, error) = await GimbalProcess.RunAsync("compile", "-f", dir);

            Assert.Equal(0, exit);
            Assert.Contains("warning:", error, StringComparison.Ordinal);
            Assert.Contains("Deployment", error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
