using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Gimbal.Kubernetes.Client;
using Gimbal.Kubernetes.Configuration;
using Gimbal.Testing;

namespace Gimbal.Kubernetes.Tests;

/// <summary>Exec plugins that answer a client certificate and key instead of a token.</summary>
public sealed class ExecClientCertificateTests : IDisposable
{
    // Answers out<N>.json on its N-th run.
    private const string Plugin = """
        #!/bin/sh
        echo run >> "$DIR/runs"
        cat "$DIR/out$(wc -l < "$DIR/runs" | tr -d ' ').json"
        """;

    private readonly string _folder = Directory.CreateTempSubdirectory("gimbal-exec-cert-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task The_plugins_certificate_authenticates_and_a_rotated_one_closes_the_old_connections()
    {
        var ca = TestCertificates.CreateAuthority("cluster-ca");
        var stranger = TestCertificates.CreateAuthority("other-ca");
        await using var server = await KubeApiTestServer.StartAsync(new KubeApiTestServerOptions
        {
            ServerCertificate = TestCertificates.IssueServer(ca, ["localhost"]),
            ClientCertificateAuthority = ca,
        });

        // Run 1: a certificate the cluster trusts, already expired so the next request runs the plugin again.
        // Run 2: one it does not trust. If the connection made with the first stayed pooled, request 2 would pass.
        WriteAnswer(1, TestCertificates.IssueClient(ca, "alice"), DateTimeOffset.UtcNow.AddSeconds(-1));
        WriteAnswer(2, TestCertificates.IssueClient(stranger, "mallory"), DateTimeOffset.UtcNow.AddHours(1));
        var client = new KubernetesClient(KubernetesClientConfiguration.FromKubeconfig(WriteKubeconfig(server, ca)) with { Qps = 0 });
        using (client)
        {
            Assert.NotEmpty((await client.Namespaces.ListAsync(null)).Items);
            Assert.Equal("HTTP/2", server.Requests.Snapshot()[^1].Protocol);

            await Assert.ThrowsAnyAsync<Exception>(() => client.Namespaces.ListAsync(null));
            Assert.Equal(2, File.ReadAllLines(Path.Combine(_folder, "runs")).Length);
        }
    }

    [Fact]
    public async Task A_certificate_is_cached_until_it_expires()
    {
        var ca = TestCertificates.CreateAuthority("cluster-ca");
        await using var server = await KubeApiTestServer.StartAsync(new KubeApiTestServerOptions
        {
            ServerCertificate = TestCertificates.IssueServer(ca, ["localhost"]),
            ClientCertificateAuthority = ca,
        });
        WriteAnswer(1, TestCertificates.IssueClient(ca, "alice"), DateTimeOffset.UtcNow.AddHours(1));
        using var client = new KubernetesClient(KubernetesClientConfiguration.FromKubeconfig(WriteKubeconfig(server, ca)) with { Qps = 0 });

        for (var i = 0; i < 3; i++)
        {
            Assert.NotEmpty((await client.Namespaces.ListAsync(null)).Items);
        }

        Assert.Single(File.ReadAllLines(Path.Combine(_folder, "runs")));
    }

    private void WriteAnswer(int run, X509Certificate2 certificate, DateTimeOffset expiry)
    {
        using var key = certificate.GetECDsaPrivateKey() as AsymmetricAlgorithm ?? certificate.GetRSAPrivateKey()!;
        var answer = new Dictionary<string, object>
        {
            ["apiVersion"] = "client.authentication.k8s.io/v1",
            ["kind"] = "ExecCredential",
            ["status"] = new Dictionary<string, string>
            {
                ["clientCertificateData"] = certificate.ExportCertificatePem(),
                ["clientKeyData"] = key.ExportPkcs8PrivateKeyPem(),
                ["expirationTimestamp"] = expiry.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
            },
        };
        File.WriteAllText(Path.Combine(_folder, $"out{run}.json"), JsonSerializer.Serialize(answer));
    }

    private string WriteKubeconfig(KubeApiTestServer server, X509Certificate2 ca)
    {
        var script = Path.Combine(_folder, "plugin.sh");
        File.WriteAllText(script, Plugin.Replace("\r", string.Empty, StringComparison.Ordinal) + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var path = Path.Combine(_folder, "config");
        File.WriteAllText(path, $$"""
            current-context: c
            clusters:
            - name: k
              cluster:
                server: "{{server.Url.ToString().TrimEnd('/')}}"
                certificate-authority-data: {{Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(ca.ExportCertificatePem()))}}
            users:
            - name: u
              user:
                exec:
                  apiVersion: client.authentication.k8s.io/v1
                  command: ./plugin.sh
                  interactiveMode: Never
                  env:
                  - {name: DIR, value: "{{_folder}}"}
            contexts:
            - name: c
              context: {cluster: k, user: u}
            """);
        return path;
    }
}
