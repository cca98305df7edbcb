using Gimbal.Kubernetes.Client;
using Gimbal.Kubernetes.Configuration;
using Gimbal.Kubernetes.Errors;
using Gimbal.Testing;

namespace Gimbal.Kubernetes.Tests;

public sealed class TlsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("gimbal-tls-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Client_certificates_from_a_kubeconfig_authenticate_over_HTTP2()
    {
        var ca = TestCertificates.CreateAuthority("test-ca");
        var options = new KubeApiTestServerOptions
        {
            ServerCertificate = TestCertificates.IssueServer(ca, ["localhost"]),
            ClientCertificateAuthority = ca,
        };
        await using var server = await KubeApiTestServer.StartAsync(options);
        var path = Path.Combine(_folder, "config");
        server.WriteKubeconfig(path, clientCertificate: TestCertificates.IssueClient(ca, "admin"), certificateAuthority: ca);

        using var client = new KubernetesClient(KubernetesClientConfiguration.FromKubeconfig(path));
        for (var i = 0; i < 3; i++)
        {
            Assert.NotEmpty((await client.Namespaces.ListAsync(null)).Items);
        }

        var requests = server.Requests.Snapshot();
        Assert.All(requests, r => Assert.Equal("HTTP/2", r.Protocol));
        Assert.Single(requests.Select(r => r.ConnectionId).Distinct());

        // The same server refuses a client without a certificate (anonymous is off).
        var noCertificate = Path.Combine(_folder, "anonymous");
        server.WriteKubeconfig(noCertificate, certificateAuthority: ca);
        using var anonymous = new KubernetesClient(KubernetesClientConfiguration.FromKubeconfig(noCertificate));
        await Assert.ThrowsAsync<KubernetesUnauthorizedException>(() => anonymous.Namespaces.ListAsync(null));

        // A certificate from another CA is not accepted.
        var stranger = TestCertificates.IssueClient(TestCertificates.CreateAuthority("other-ca"), "mallory");
        var strangerPath = Path.Combine(_folder, "stranger");
        server.WriteKubeconfig(strangerPath, clientCertificate: stranger, certificateAuthority: ca);
        using var strangerClient = new KubernetesClient(KubernetesClientConfiguration.FromKubeconfig(strangerPath));
        await Assert.ThrowsAnyAsync<Exception>(() => strangerClient.Namespaces.ListAsync(null));
    }

    [Fact]
    public async Task The_server_certificate_is_checked_against_the_kubeconfig_CA_and_tls_server_name()
    {
        var ca = TestCertificates.CreateAuthority("test-ca");
        var options = new KubeApiTestServerOptions
        {
            ServerCertificate = TestCertificates.IssueServer(ca, ["kube.internal"], withLoopbackIp: false),
            BearerTokens = ["admin-token"],
        };
        await using var server = await KubeApiTestServer.StartAsync(options);
        var path = Path.Combine(_folder, "config");
        server.WriteKubeconfig(path, certificateAuthority: ca);

        // The certificate names kube.internal, not 127.0.0.1.
        using var mismatched = new KubernetesClient(KubernetesClientConfiguration.FromKubeconfig(path));
        await Assert.ThrowsAsync<HttpRequestException>(() => mismatched.Namespaces.ListAsync(null));

        File.WriteAllText(path, File.ReadAllText(path).Replace("    certificate-authority-data:", "    tls-server-name: kube.internal\n    certificate-authority-data:", StringComparison.Ordinal));
        using var named = new KubernetesClient(KubernetesClientConfiguration.FromKubeconfig(path));
        Assert.NotEmpty((await named.Namespaces.ListAsync(null)).Items);
        Assert.Equal("kube.internal", server.Requests.ServerNames()[^1]);
        Assert.Equal("HTTP/2", server.Requests.Snapshot()[^1].Protocol);

        var untrusted = TestCertificates.CreateAuthority("other-ca");
        var untrustedPath = Path.Combine(_folder, "untrusted");
        server.WriteKubeconfig(untrustedPath, certificateAuthority: untrusted);
        File.WriteAllText(untrustedPath, File.ReadAllText(untrustedPath).Replace("    certificate-authority-data:", "    tls-server-name: kube.internal\n    certificate-authority-data:", StringComparison.Ordinal));
        using var wrongCa = new KubernetesClient(KubernetesClientConfiguration.FromKubeconfig(untrustedPath));
        await Assert.ThrowsAsync<HttpRequestException>(() => wrongCa.Namespaces.ListAsync(null));

        var insecure = KubernetesClientConfiguration.FromKubeconfig(untrustedPath) with { InsecureSkipTlsVerify = true, CertificateAuthorities = [] };
        using var skipping = new KubernetesClient(insecure);
        Assert.NotEmpty((await skipping.Namespaces.ListAsync(null)).Items);
    }
}
