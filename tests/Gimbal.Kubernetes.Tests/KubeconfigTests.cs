using System.Security.Cryptography.X509Certificates;
using System.Text;
using Gimbal.Kubernetes.Client;
using Gimbal.Kubernetes.Configuration;
using Gimbal.Kubernetes.Credentials;
using Gimbal.Kubernetes.Errors;
using Gimbal.Testing;

namespace Gimbal.Kubernetes.Tests;

public sealed class KubeconfigTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("gimbal-kubeconfig-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, string yaml)
    {
        var path = Path.Combine(_folder, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, yaml);
        return path;
    }

    private const string TwoContexts = """
        apiVersion: v1
        kind: Config
        current-context: dev
        clusters:
        - name: dev-cluster
          cluster:
            server: https://dev.example.com:6443
            insecure-skip-tls-verify: true
        - name: prod-cluster
          cluster:
            server: https://prod.example.com
        users:
        - name: dev-user
          user:
            token: dev-token
        - name: prod-user
          user:
            username: admin
            password: secret
        contexts:
        - name: dev
          context:
            cluster: dev-cluster
            user: dev-user
            namespace: team-a
        - name: prod
          context:
            cluster: prod-cluster
            user: prod-user
        """;

    [Fact]
    public async Task Current_and_named_contexts_resolve_cluster_user_and_namespace()
    {
        var path = Write("config", TwoContexts);
        var dev = KubernetesClientConfiguration.FromKubeconfig(path);
        Assert.Equal(new Uri("https://dev.example.com:6443"), dev.Server);
        Assert.True(dev.InsecureSkipTlsVerify);
        Assert.Equal("team-a", dev.Namespace);
        Assert.Equal("dev", dev.Name);
        Assert.Equal("Bearer dev-token", (await dev.Credentials!.GetAuthorizationAsync(default))!.ToString());

        var prod = KubernetesClientConfiguration.FromKubeconfig(path, "prod");
        Assert.Equal("default", prod.Namespace);
        var basic = await prod.Credentials!.GetAuthorizationAsync(default);
        Assert.Equal("Basic", basic!.Scheme);
        Assert.Equal("admin:secret", Encoding.UTF8.GetString(Convert.FromBase64String(basic.Parameter!)));

        var missing = Assert.Throws<KubeconfigException>(() => KubernetesClientConfiguration.FromKubeconfig(path, "staging"));
        Assert.Contains("context \"staging\" not found", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Several_files_merge_by_kubectl_rules_first_definition_wins()
    {
        var first = Write("a/config", """
            clusters:
            - name: shared
              cluster:
                server: https://first.example.com
            users:
            - name: u
              user:
                token: first
            contexts:
            - name: only-in-first
              context: {cluster: shared, user: u}
            """);
        var second = Write("b/config", """
            current-context: from-second
            clusters:
            - name: shared
              cluster:
                server: https://second.example.com
            - name: extra
              cluster:
                server: https://extra.example.com
            contexts:
            - name: from-second
              context: {cluster: extra, user: u, namespace: ns2}
            - name: only-in-first
              context: {cluster: extra, user: u}
            """);
        var third = Write("c/config", "current-context: from-third\n");
        var merged = KubeconfigLoader.Load([first, Path.Combine(_folder, "does-not-exist"), second, third]);

        Assert.Equal("from-second", merged.CurrentContext);
        Assert.Equal("https://first.example.com", merged.ServerOf("only-in-first"));
        Assert.Equal(["extra", "shared"], merged.Clusters.Order(StringComparer.Ordinal));
        var current = merged.ToConfiguration();
        Assert.Equal(new Uri("https://extra.example.com"), current.Server);
        Assert.Equal("ns2", current.Namespace);

        var fromVariable = KubeconfigLoader.DefaultPaths(name => name == "KUBECONFIG" ? $"{first}:{second}" : null);
        Assert.Equal([first, second], fromVariable);
        Assert.Equal(Path.Combine("/home/me", ".kube", "config"), Assert.Single(KubeconfigLoader.DefaultPaths(name => name == "HOME" ? "/home/me" : null)));
    }

    [Fact]
    public void Relative_file_references_resolve_against_their_kubeconfig_and_errors_name_file_and_field()
    {
        var ca = TestCertificates.CreateAuthority("file-ca");
        File.WriteAllText(Path.Combine(_folder, "ca.crt"), ca.ExportCertificatePem());
        var client = TestCertificates.IssueClient(ca, "me");
        File.WriteAllText(Path.Combine(_folder, "client.crt"), client.ExportCertificatePem());
        File.WriteAllText(Path.Combine(_folder, "client.key"), client.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        var path = Write("config", """
            current-context: c
            clusters:
            - name: k
              cluster:
                server: https://10.0.0.1:6443
                certificate-authority: ca.crt
                tls-server-name: kubernetes.default
            users:
            - name: u
              user:
                client-certificate: client.crt
                client-key: client.key
            contexts:
            - name: c
              context: {cluster: k, user: u}
            """);
        var configuration = KubernetesClientConfiguration.FromKubeconfig(path);
        Assert.Equal(ca.Thumbprint, Assert.Single(configuration.CertificateAuthorities).Thumbprint);
        Assert.Equal(client.Thumbprint, configuration.ClientCertificate!.Thumbprint);
        Assert.True(configuration.ClientCertificate.HasPrivateKey);
        Assert.Equal("kubernetes.default", configuration.TlsServerName);

        File.Delete(Path.Combine(_folder, "client.key"));
        var noKey = Assert.Throws<KubeconfigException>(() => KubernetesClientConfiguration.FromKubeconfig(path));
        Assert.Contains(path, noKey.Message, StringComparison.Ordinal);
        Assert.Contains("users[name=u].user.client-key", noKey.Message, StringComparison.Ordinal);

        var badServer = Write("bad-server", "current-context: c\nclusters:\n- name: k\n  cluster:\n    server: not a url\ncontexts:\n- name: c\n  context: {cluster: k}\n");
        var serverError = Assert.Throws<KubeconfigException>(() => KubernetesClientConfiguration.FromKubeconfig(badServer));
        Assert.Contains("clusters[name=k].cluster.server", serverError.Message, StringComparison.Ordinal);
        Assert.Contains(badServer, serverError.Message, StringComparison.Ordinal);

        var badYaml = Write("bad-yaml", "clusters: [\n");
        Assert.Contains(badYaml, Assert.Throws<KubeconfigException>(() => KubernetesClientConfiguration.FromKubeconfig(badYaml)).Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", Assert.Throws<KubeconfigException>(() => KubernetesClientConfiguration.FromKubeconfig(Path.Combine(_folder, "nope"))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tokenFile_is_read_again_when_it_changes()
    {
        await using var server = await KubeApiTestServer.StartAsync(new KubeApiTestServerOptions { BearerTokens = ["first-token"] });
        var tokenPath = Path.Combine(_folder, "token");
        File.WriteAllText(tokenPath, "first-token\n");
        var path = Write("config", $$"""
            current-context: c
            clusters:
            - name: k
              cluster: {server: "{{server.Url}}"}
            users:
            - name: u
              user: {tokenFile: token}
            contexts:
            - name: c
              context: {cluster: k, user: u}
            """);
        using var client = new KubernetesClient(KubernetesClientConfiguration.FromKubeconfig(path) with { Qps = 0 });
        Assert.NotEmpty((await client.Namespaces.ListAsync(null)).Items);

        File.WriteAllText(tokenPath, "rotated-token-the-server-does-not-know\n");
        File.SetLastWriteTimeUtc(tokenPath, DateTime.UtcNow.AddMinutes(1));
        await Assert.ThrowsAsync<KubernetesUnauthorizedException>(() => client.Namespaces.ListAsync(null));
    }

    [Fact]
    public async Task In_cluster_configuration_reads_the_service_account_files_and_environment()
    {
        var ca = TestCertificates.CreateAuthority("cluster-ca");
        File.WriteAllText(Path.Combine(_folder, "token"), "sa-token");
        File.WriteAllText(Path.Combine(_folder, "ca.crt"), ca.ExportCertificatePem());
        File.WriteAllText(Path.Combine(_folder, "namespace"), "gimbal-system\n");
        var environment = new Dictionary<string, string> { ["KUBERNETES_SERVICE_HOST"] = "10.96.0.1", ["KUBERNETES_SERVICE_PORT"] = "443" };

        var configuration = KubernetesClientConfiguration.InCluster(_folder, environment.GetValueOrDefault);
        Assert.Equal(new Uri("https://10.96.0.1:443/"), configuration.Server);
        Assert.Equal("gimbal-system", configuration.Namespace);
        Assert.Single(configuration.CertificateAuthorities);
        Assert.IsType<TokenFileCredentials>(configuration.Credentials);
        Assert.Equal("Bearer sa-token", (await configuration.Credentials!.GetAuthorizationAsync(default))!.ToString());

        environment["KUBERNETES_SERVICE_HOST"] = "fd00::1";
        Assert.Equal("[fd00::1]", KubernetesClientConfiguration.InCluster(_folder, environment.GetValueOrDefault).Server.Host);

        var error = Assert.Throws<KubeconfigException>(() => KubernetesClientConfiguration.InCluster(_folder, _ => null));
        Assert.Contains("KUBERNETES_SERVICE_HOST", error.Message, StringComparison.Ordinal);
    }
}
