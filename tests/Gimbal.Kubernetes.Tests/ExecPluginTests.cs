using Gimbal.Kubernetes.Client;
using Gimbal.Kubernetes.Configuration;
using Gimbal.Testing;

namespace Gimbal.Kubernetes.Tests;

public sealed class ExecPluginTests : IDisposable
{
    // The plugin answers a stale token on its first run, the good one after, so a 401 must trigger a re-run.
    private const string Plugin = """
        #!/bin/sh
        echo run >> "$RUNS_FILE"
        printf '%s' "$KUBERNETES_EXEC_INFO" > "$RUNS_FILE.info"
        if [ -n "$FAIL" ]; then echo "no credentials for you" >&2; exit 3; fi
        token=exec-token
        if [ -n "$STALE_FIRST" ] && [ "$(wc -l < "$RUNS_FILE")" -eq 1 ]; then token=stale-token; fi
        printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"%s","expirationTimestamp":"%s"}}\n' "$token" "$EXPIRY"
        """;

    private readonly string _folder = Directory.CreateTempSubdirectory("gimbal-exec-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private int Runs => File.Exists(Path.Combine(_folder, "runs")) ? File.ReadAllLines(Path.Combine(_folder, "runs")).Length : 0;

    private async Task<(KubeApiTestServer Server, KubernetesClient Client)> StartAsync(DateTimeOffset expiry, string extraEnv = "")
    {
        var script = Path.Combine(_folder, "plugin.sh");
        File.WriteAllText(script, Plugin.Replace("\r", string.Empty, StringComparison.Ordinal) + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var server = await KubeApiTestServer.StartAsync(new KubeApiTestServerOptions { BearerTokens = ["exec-token"] });
        var config = Path.Combine(_folder, "config");
        File.WriteAllText(config, $$"""
            current-context: c
            clusters:
            - name: k
              cluster: {server: "{{server.Url}}"}
            users:
            - name: u
              user:
                exec:
                  apiVersion: client.authentication.k8s.io/v1
                  command: ./plugin.sh
                  interactiveMode: Never
                  env:
                  - {name: RUNS_FILE, value: "{{Path.Combine(_folder, "runs")}}"}
                  - {name: EXPIRY, value: "{{expiry.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}}"}
            {{extraEnv}}
            contexts:
            - name: c
              context: {cluster: k, user: u}
            """);
        return (server, new KubernetesClient(KubernetesClientConfiguration.FromKubeconfig(config) with { Qps = 0 }));
    }

    [Fact]
    public async Task The_token_is_cached_until_it_expires()
    {
        var (server, client) = await StartAsync(DateTimeOffset.UtcNow.AddHours(1));
        await using (server)
        using (client)
        {
            for (var i = 0; i < 3; i++)
            {
                Assert.NotEmpty((await client.Namespaces.ListAsync(null)).Items);
            }

            Assert.Equal(1, Runs);
            Assert.Contains("\"apiVersion\":\"client.authentication.k8s.io/v1\"", File.ReadAllText(Path.Combine(_folder, "runs.info")), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_expired_token_runs_the_plugin_again()
    {
        var (server, client) = await StartAsync(DateTimeOffset.UtcNow.AddHours(-1));
        await using (server)
        using (client)
        {
            for (var i = 0; i < 3; i++)
            {
                await client.Namespaces.ListAsync(null);
            }

            Assert.Equal(3, Runs);
        }
    }

    [Fact]
    public async Task A_401_runs_the_plugin_again_and_retries()
    {
        var (server, client) = await StartAsync(DateTimeOffset.UtcNow.AddHours(1), "      - {name: STALE_FIRST, value: \"1\"}");
        await using (server)
        using (client)
        {
            Assert.NotEmpty((await client.Namespaces.ListAsync(null)).Items);
            Assert.Equal(2, Runs);
        }
    }

    [Fact]
    public async Task A_failing_plugin_reports_its_exit_code_and_stderr()
    {
        var (server, client) = await StartAsync(DateTimeOffset.UtcNow.AddHours(1), "      - {name: FAIL, value: \"1\"}");
        await using (server)
        using (client)
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => client.Namespaces.ListAsync(null));
            Assert.Contains("exited with 3", error.Message, StringComparison.Ordinal);
            Assert.Contains("no credentials for you", error.Message, StringComparison.Ordinal);
        }
    }
}
