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

    [Fact]
    public void RandomProxyGraphsCompileWithoutInternalErrorsInAnyOrder()
    {
        var random = new Random(8);
        for (var round = 0; round < 150; round++)
        {
            var proxies = Enumerable.Range(0, random.Next(1, 8)).Select(_ => RandomProxy(random)).ToList();
            var snapshot = new ResourceSnapshot
            {
                HttpProxies = proxies,
                Services = [TestObjects.Service("team-a", "web"), TestObjects.Service("team-b", "web")],
                Ingresses = [TestObjects.Ingress("team-b", "ing", ("a.example.com", "/", "web", 80))],
            };
            var options = new CompilerOptions { RootNamespaces = random.Next(3) == 0 ? ["team-a"] : null };

            var result = new RouteCompiler(options).Compile(snapshot);
            var reversed = new RouteCompiler(options).Compile(snapshot with { HttpProxies = Enumerable.Reverse(proxies).ToList() });

            Assert.DoesNotContain(result.Diagnostics, d => d.Code == RouteCompiler.InternalErrorCode);
            Assert.Equal(RouteJson.Serialize(result), RouteJson.Serialize(reversed));
            Assert.Equal(result.Routes.VirtualHosts.Count, result.Routes.VirtualHosts.Select(v => v.Name).Distinct().Count());
            Assert.All(result.Routes.VirtualHosts.SelectMany(v => v.Routes), r => Assert.All(
                r.Action.Forward?.Clusters ?? [], c => Assert.Contains(result.Routes.Clusters, u => u.Name == c.ClusterName)));
        }
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
                Fqdn = Pick(random, Strings),
                Tls = random.Next(4) == 0 ? new ProxyTls { SecretName = Pick(random, Strings), Passthrough = random.Next(5) == 0 } : null,
            },
            Routes = Enumerable.Range(0, random.Next(3)).Select(_ => new ProxyRoute
            {
                Conditions = Conditions(random),
                Services = Enumerable.Range(0, random.Next(3)).Select(_ => new ProxyService
                {
                    Name = Pick(random, Strings),
                    Port = random.Next(3) == 0 ? null : Pick(random, new[] { 80, 81, -1 }),
                    Weight = random.Next(3) == 0 ? null : random.Next(-1, 100),
                    Protocol = random.Next(4) == 0 ? Pick(random, new[] { "h2", "h2c", "tls", "bogus" }) : null,
                    Mirror = random.Next(6) == 0,
                }).ToList(),
                PathRewritePolicy = random.Next(4) == 0 ? new ProxyPathRewritePolicy { ReplacePrefix = [new ReplacePrefix { Prefix = Pick(random, Strings), Replacement = Pick(random, Strings) }] } : null,
                RequestRedirectPolicy = random.Next(6) == 0 ? new ProxyRedirectPolicy { Hostname = Pick(random, Strings), StatusCode = random.Next(290, 310) } : null,
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
        _ => new MatchCondition(),
    }).ToList();

    private static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];
}
