using Gimbal.Core.Compilation;
using Gimbal.Core.Json;
using Gimbal.Core.Kubernetes;
using Gimbal.Core.Kubernetes.Contour;
using Gimbal.Core.Tests.Support;

namespace Gimbal.Core.Tests.Proxies;

/// <summary>Random, often broken, HTTPProxy graphs: the compiler never fails, and input order never changes the output.</summary>
public sealed class ProxyPropertyTests
{
    private static readonly string?[] Strings = [null, "", "/", "/a", "/a/", "a", "/b/c", "(", "/x[0-9]+", "team-a", "web", "missing", "*.example.com", "a.example.com", "A.Example.COM", "\u0000", new string('/', 3000)];
    private static readonly string[] Names = ["p0", "p1", "p2", "p3", "p4"];
    private static readonly string[] Namespaces = ["team-a", "team-b"];

    // One certificate for every Secret: roots with TLS, terminated tcpproxies and the fallback get served too.
    private static readonly Lazy<Secret> Certificate = new(() =>
    {
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=a.example.com", key, System.Security.Cryptography.HashAlgorithmName.SHA256);
        using var cert = request.CreateSelfSigned(TestObjects.Epoch, TestObjects.Epoch.AddYears(50));
        return new Secret
        {
            Metadata = new ObjectMeta { Namespace = "team-a", Name = "a" },
            Type = "kubernetes.io/tls",
            StringData = new Dictionary<string, string> { [Secret.TlsCertKey] = cert.ExportCertificatePem(), [Secret.TlsPrivateKeyKey] = key.ExportPkcs8PrivateKeyPem() },
        };
    });

    [Fact]
    public void RandomProxyGraphsCompileWithoutInternalErrorsInAnyOrder()
    {
        var random = new Random(8);
        var (tcpHosts, mirrors, fallbacks) = (0, 0, 0);

        for (var round = 0; round < 300; round++)
        {
            var proxies = Enumerable.Range(0, random.Next(1, 8)).Select(_ => RandomProxy(random)).ToList();
            var snapshot = new ResourceSnapshot
            {
                HttpProxies = proxies,
                Services = [TestObjects.Service("team-a", "web"), TestObjects.Service("team-b", "web")],
                Ingresses = [TestObjects.Ingress("team-b", "ing", ("a.example.com", "/", "web", 80))],
                Secrets = [Certificate.Value with { Metadata = new ObjectMeta { Namespace = "team-a", Name = "a" } }, Certificate.Value with { Metadata = new ObjectMeta { Namespace = "team-b", Name = "a" } }],
            };
            var options = new CompilerOptions
            {
                RootNamespaces = random.Next(3) == 0 ? ["team-a"] : null,
                FallbackCertificate = Pick(random, new[] { null, "team-a/a", "team-b/a", "a", "team-a/missing" }),
            };

            var result = new RouteCompiler(options).Compile(snapshot);
            var reversed = new RouteCompiler(options).Compile(snapshot with { HttpProxies = Enumerable.Reverse(proxies).ToList() });

            Assert.DoesNotContain(result.Diagnostics, d => d.Code == RouteCompiler.InternalErrorCode);
            Assert.Equal(RouteJson.Serialize(result), RouteJson.Serialize(reversed));
            Assert.Equal(result.Routes.VirtualHosts.Count, result.Routes.VirtualHosts.Select(v => v.Name).Distinct().Count());
            var referenced = result.Routes.VirtualHosts.SelectMany(v => v.Routes).SelectMany(r =>
                    (r.Action.Forward?.Clusters.Select(c => c.ClusterName) ?? []).Concat(r.Action.Forward?.Mirrors.Select(m => m.ClusterName) ?? []))
                .Concat(result.Routes.VirtualHosts.SelectMany(v => v.TcpProxy?.Clusters.Select(c => c.ClusterName) ?? []));
            Assert.All(referenced, name => Assert.Contains(result.Routes.Clusters, u => u.Name == name));
            Assert.All(result.Routes.VirtualHosts.Where(v => v.TcpProxy is { Passthrough: true }), v => Assert.Null(v.Tls));
            Assert.All(result.Routes.VirtualHosts.Where(v => v.TcpProxy is { Passthrough: false }), v => Assert.NotNull(v.Tls));
            if (result.Routes.FallbackCertificateName is { } fallback)
            {
                Assert.Contains(result.Routes.Certificates, c => c.Name == fallback);
                fallbacks++;
            }

            tcpHosts += result.Routes.VirtualHosts.Count(v => v.TcpProxy is not null);
            mirrors += result.Routes.VirtualHosts.SelectMany(v => v.Routes).Sum(r => r.Action.Forward?.Mirrors.Count ?? 0);
        }

        // The random graphs reach the newer features too, not only their rejections.
        Assert.True(tcpHosts > 0 && mirrors > 0 && fallbacks > 0, $"tcp hosts {tcpHosts}, mirrors {mirrors}, fallbacks {fallbacks}");
    }

    private static HttpProxy RandomProxy(Random random) => new()
    {
        Metadata = new ObjectMeta
        {
            Namespace = Pick(random, Namespaces),
            Name = Pick(random, Names),
            CreationTimestamp = TestObjects.Epoch.AddDays(random.Next(3)),
        },
        Spec = random.Next(10) == 0 ? null : new HttpProxySpec
        {
            Virtualhost = random.Next(2) == 0 ? null : new ProxyVirtualHost
            {
                Fqdn = random.Next(2) == 0 ? Pick(random, new[] { "b.example.com", "c.example.com", "d.example.com" }) : Pick(random, Strings),
                Tls = random.Next(2) == 0 ? new ProxyTls { SecretName = random.Next(2) == 0 ? "a" : Pick(random, Strings), Passthrough = random.Next(3) == 0, EnableFallbackCertificate = random.Next(4) == 0 } : null,
            },
            Tcpproxy = random.Next(3) != 0 ? null : new ProxyTcpProxy
            {
                Services = random.Next(3) == 0 ? null : [new ProxyService { Name = random.Next(2) == 0 ? "web" : Pick(random, Strings), Port = 80, Weight = random.Next(-1, 3), Mirror = random.Next(5) == 0 }],
                Include = random.Next(2) == 0 ? null : new ProxyTcpInclude { Name = Pick(random, Names), Namespace = random.Next(2) == 0 ? null : Pick(random, Namespaces) },
            },
            Routes = Enumerable.Range(0, random.Next(3)).Select(_ => new ProxyRoute
            {
                Conditions = Conditions(random),
                Services = Enumerable.Range(0, random.Next(4)).Select(_ => new ProxyService
                {
                    Name = random.Next(2) == 0 ? "web" : Pick(random, Strings),
                    Port = random.Next(3) == 0 ? null : Pick(random, new[] { 80, 80, 81, -1 }),
                    Weight = random.Next(3) == 0 ? null : random.Next(-1, 100),
                    Protocol = random.Next(4) == 0 ? Pick(random, new[] { "h2", "h2c", "tls", "bogus" }) : null,
                    Mirror = random.Next(4) == 0,
                    RequestHeadersPolicy = random.Next(5) == 0 ? new ProxyHeadersPolicy { Set = [new ProxyHeaderValue { Name = Pick(random, Strings), Value = Pick(random, Strings) }], Remove = [Pick(random, Strings)!] } : null,
                }).ToList(),
                PathRewritePolicy = random.Next(4) == 0 ? new ProxyPathRewritePolicy { ReplacePrefix = [new ReplacePrefix { Prefix = Pick(random, Strings), Replacement = Pick(random, Strings) }] } : null,
                RequestRedirectPolicy = random.Next(6) == 0 ? new ProxyRedirectPolicy { Hostname = Pick(random, Strings), StatusCode = random.Next(290, 310), Prefix = Pick(random, Strings), Path = random.Next(3) == 0 ? Pick(random, Strings) : null } : null,
                RetryPolicy = random.Next(5) == 0 ? new ProxyRetryPolicy { Count = random.Next(-2, 200), RetryOn = [Pick(random, Strings)!] } : null,
                LoadBalancerPolicy = random.Next(4) == 0 ? new ProxyLoadBalancerPolicy { Strategy = Pick(random, new[] { "Cookie", "RequestHash", "Random", "?" }) } : null,
            }).ToList(),
            Includes = Enumerable.Range(0, random.Next(3)).Select(_ => new ProxyInclude
            {
                Name = Pick(random, Names),
                Namespace = random.Next(2) == 0 ? null : Pick(random, Namespaces),
                Conditions = Conditions(random),
            }).ToList(),
        },
    };

    private static List<MatchCondition>? Conditions(Random random) => random.Next(3) == 0 ? null : Enumerable.Range(0, random.Next(3)).Select(_ => random.Next(5) switch
    {
        0 => new MatchCondition { Prefix = Pick(random, Strings) },
        1 => new MatchCondition { Exact = Pick(random, Strings) },
        2 => new MatchCondition { Regex = Pick(random, Strings) },
        3 => new MatchCondition { Header = new HeaderMatchCondition { Name = Pick(random, Strings), Contains = Pick(random, Strings), Present = random.Next(2) == 0 } },
        4 when random.Next(2) == 0 => new MatchCondition { Header = new HeaderMatchCondition { Name = Pick(random, Strings), NotExact = Pick(random, Strings), NotContains = random.Next(3) == 0 ? Pick(random, Strings) : null } },
        _ => new MatchCondition(),
    }).ToList();

    private static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];
}
