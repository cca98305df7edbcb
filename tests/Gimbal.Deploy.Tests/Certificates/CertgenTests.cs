using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Gimbal.Deploy.Tests.Infrastructure;
using Gimbal.Xds.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Gimbal.Deploy.Tests.Certificates;

/// <summary>
/// Runs the certgen Job's own script (from deploy/certs/certgen.yaml) with openssl, then uses its output for real
/// mutual TLS: an xDS listener (Gimbal.Xds' ListenGimbalXds) with the control plane's certificate, and an HTTP/2
/// client presenting Envoy's, reaching it by the Service's DNS name.
/// </summary>
public sealed class CertgenTests : IAsyncLifetime
{
    private const string ServiceName = "gimbal-control-plane.gimbal-contour.svc";

    private readonly string _folder = Directory.CreateTempSubdirectory("gimbal-certgen-").FullName;

    public async Task InitializeAsync()
    {
        var job = YamlDocuments.Load(Path.Combine(Repository.Deploy, "certs", "certgen.yaml"))
            .Single(d => (string?)d!["kind"] == "ConfigMap")!;
        var script = Path.Combine(_folder, "generate.sh");
        await System.IO.File.WriteAllTextAsync(script, (string)job["data"]!["generate.sh"]!);

        var (exitCode, output) = await ProcessRunner.RunAsync("sh", [script, _folder], timeout: TimeSpan.FromMinutes(1));

        Assert.True(exitCode == 0, output);
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public void The_script_leaves_certificates_for_both_sides_and_no_ca_key()
    {
        Assert.Equal(["ca.crt", "control-plane.crt", "control-plane.key", "envoy.crt", "envoy.key", "generate.sh"],
            Directory.GetFiles(_folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));

        using var server = X509Certificate2.CreateFromPemFile(File("control-plane.crt"), File("control-plane.key"));
        using var client = X509Certificate2.CreateFromPemFile(File("envoy.crt"), File("envoy.key"));
        Assert.True(server.MatchesHostname(ServiceName));
        Assert.True(server.MatchesHostname("gimbal-control-plane.gimbal-contour.svc.cluster.local"));
        Assert.Contains("1.3.6.1.5.5.7.3.1", Usages(server));
        Assert.Contains("1.3.6.1.5.5.7.3.2", Usages(client));
        Assert.DoesNotContain("1.3.6.1.5.5.7.3.1", Usages(client));
    }

    [Fact]
    public async Task Envoys_certificate_opens_an_xds_connection_and_no_certificate_is_refused()
    {
        using var ca = X509Certificate2.CreateFromPem(await System.IO.File.ReadAllTextAsync(File("ca.crt")));
        using var serverCertificate = X509Certificate2.CreateFromPemFile(File("control-plane.crt"), File("control-plane.key"));
        using var envoyCertificate = X509Certificate2.CreateFromPemFile(File("envoy.crt"), File("envoy.key"));
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.ListenGimbalXds(new XdsListenOptions
        {
            Address = IPAddress.Loopback,
            Port = 0,
            ServerCertificate = serverCertificate,
            ClientCertificateAuthorities = [ca],
        }));
        await using var app = builder.Build();
        app.MapGet("/", (HttpContext context) => $"client {context.Connection.ClientCertificate?.GetNameInfo(X509NameType.SimpleName, false)}");
        await app.StartAsync();
        var port = new Uri(app.Urls.Single()).Port;

        using var withCertificate = Client(port, ca, envoyCertificate);
        var answer = await withCertificate.GetStringAsync(new Uri($"https://{ServiceName}:{port}/"));
        Assert.Equal("client envoy", answer);

        using var without = Client(port, ca, null);
        await Assert.ThrowsAsync<HttpRequestException>(() => without.GetStringAsync(new Uri($"https://{ServiceName}:{port}/")));
        await app.StopAsync();
    }

    private string File(string name) => Path.Combine(_folder, name);

    private static List<string?> Usages(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().SelectMany(e => e.EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>()).Select(o => o.Value).ToList();

    /// <summary>An HTTP/2-only client that resolves the Service name to loopback and trusts only the deployment's CA.</summary>
    private static HttpClient Client(int port, X509Certificate2 ca, X509Certificate2? clientCertificate)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
            SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificates = clientCertificate is null ? [] : [clientCertificate],
                RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                {
                    if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
                    {
                        return false;
                    }

                    using var chain = new X509Chain();
                    chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    chain.ChainPolicy.CustomTrustStore.Add(ca);
                    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    return chain.Build(new X509Certificate2(certificate));
                },
            },
        };
        return new HttpClient(handler)
        {
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = TimeSpan.FromSeconds(30),
        };
    }
}
