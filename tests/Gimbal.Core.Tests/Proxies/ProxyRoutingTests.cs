using Gimbal.Core.Compilation;
using Gimbal.Core.Routing;
using Gimbal.Kubernetes.Manifests;

namespace Gimbal.Core.Tests.Proxies;

/// <summary>The proxy- golden inputs through the request matcher: what a data plane answers for HTTPProxy routes.</summary>
public sealed class ProxyRoutingTests
{
    private static (RequestMatcher Matcher, CompileResult Result) Compile(string testCase, CompilerOptions? options = null)
    {
        var path = TestData.InputOf(testCase);
        var result = new RouteCompiler(options ?? CompilerOptions.Default).Compile(ManifestReader.Read(File.ReadAllText(path), path).ToSnapshot());
        return (new RequestMatcher(result.Routes), result);
    }

    private static RouteMatchResult Ask(RequestMatcher matcher, string host, string path = "/", string scheme = "http", params (string Name, string Value)[] headers) =>
        matcher.Match(new RouteRequest { Scheme = scheme, Host = host, Path = path, Headers = headers.ToDictionary(h => h.Name, h => h.Value) });

    [Fact]
    public void WeightsSplitAcrossMirroredClustersAndHeadersSelectTheCanary()
    {
        var (matcher, _) = Compile("proxy-weights-cross-cluster");
        var main = Ask(matcher, "shop.example.com", "/cart");
        Assert.Equal([("team-a/east-web/80", 80), ("team-a/west-web/80", 20)], main.Clusters.Select(c => (c.ClusterName, c.Weight)));

        Assert.Equal("team-a/canary/80", Ask(matcher, "SHOP.example.com", "/cart", "http", ("X-Canary", "true")).Clusters.Single().ClusterName);
        Assert.Equal(2, Ask(matcher, "shop.example.com", "/cart", "http", ("X-Canary", "false")).Clusters.Count);

        var beta = Ask(matcher, "shop.example.com", "/beta/x", "http", ("User-Agent", "Mozilla Firefox/120"), ("X-Debug", "1"));
        Assert.Equal([("team-a/east-web/80", 1), ("team-a/west-web/80", 1)], beta.Clusters.Select(c => (c.ClusterName, c.Weight)));
        Assert.Equal(3, beta.Route!.Match.Headers.Count);
        var legacy = Ask(matcher, "shop.example.com", "/beta/x", "http", ("User-Agent", "Firefox"), ("X-Debug", "1"), ("X-Legacy", "1"));
        Assert.Equal("/", legacy.Route!.Match.Path);
    }

    [Fact]
    public void IncludesJoinPrefixesAndHeadersAlongTheChain()
    {
        var (matcher, result) = Compile("proxy-includes");
        Assert.Equal("team-a/api/80", Ask(matcher, "www.example.com", "/api/v1/users").Clusters.Single().ClusterName);
        Assert.Equal("team-a/api/80", Ask(matcher, "www.example.com", "/api/v2").Clusters.Single().ClusterName);
        Assert.Equal("team-a/api/80", Ask(matcher, "www.example.com", "/api/items/42").Clusters.Single().ClusterName);
        Assert.Equal("infra/home/80", Ask(matcher, "www.example.com", "/api/items/x").Clusters.Single().ClusterName);
        Assert.Equal("team-a/api/80", Ask(matcher, "www.example.com", "/api/health").Clusters.Single().ClusterName);
        Assert.Equal("infra/home/80", Ask(matcher, "www.example.com", "/api/health/x").Clusters.Single().ClusterName);
        Assert.Equal("team-b/blog/80", Ask(matcher, "www.example.com", "/blog/post", "http", ("X-Tenant", "blue")).Clusters.Single().ClusterName);
        Assert.Equal("infra/home/80", Ask(matcher, "www.example.com", "/blog/post", "http", ("X-Tenant", "red")).Clusters.Single().ClusterName);
        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public void RewritesRedirectsAndBrokenServicesAreWhatTheDataPlaneSees()
    {
        var (matcher, _) = Compile("proxy-policies");
        var api = Ask(matcher, "app.example.com", "/api/users");
        Assert.Equal("/v2/api", api.Route!.Action.Forward!.PrefixRewrite);
        Assert.Equal(TimeSpan.FromSeconds(30), api.Route.Action.Forward.Timeouts!.Request);

        var redirect = Ask(matcher, "app.example.com", "/old/page");
        Assert.Equal(301, redirect.StatusCode);
        Assert.Equal("https://new.example.com/new", redirect.Location);

        Assert.Equal(503, Ask(matcher, "app.example.com", "/bad").StatusCode);
        Assert.Equal(LoadBalancingStrategy.RingHash, Compile("proxy-policies").Result.Routes.Clusters.Single(c => c.Name == Ask(matcher, "app.example.com", "/hash").Clusters[0].ClusterName).LoadBalancing.Strategy);
    }

    [Fact]
    public void TlsRootsRedirectPlainHttpUnlessPermitInsecure()
    {
        var (matcher, _) = Compile("proxy-tls");
        Assert.Equal(301, Ask(matcher, "a.example.com", "/x").StatusCode);
        Assert.Equal(200, Ask(matcher, "a.example.com", "/x", "https").StatusCode);
        Assert.Equal(200, Ask(matcher, "a.example.com", "/insecure-ok").StatusCode);
        Assert.Equal(200, Ask(matcher, "b.example.com", "/", "https").StatusCode);
        Assert.Equal(404, Ask(matcher, "c.example.com", "/", "https").StatusCode);
        Assert.Equal(404, Ask(matcher, "c.example.com").StatusCode);
    }

    [Fact]
    public void CyclesAndMissingIncludesKeepTheRestServed()
    {
        var (matcher, _) = Compile("proxy-include-errors");
        Assert.Equal(200, Ask(matcher, "a.example.com", "/loop/one").StatusCode);
        Assert.Equal("team-a/root", $"{Ask(matcher, "a.example.com", "/loop/two/back").Route!.Source.Namespace}/{Ask(matcher, "a.example.com", "/loop/two/back").Route!.Source.Name}");
        Assert.Equal(200, Ask(matcher, "other.example.com").StatusCode);
    }
}
