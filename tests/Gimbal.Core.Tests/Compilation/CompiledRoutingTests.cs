using Gimbal.Core.Compilation;
using Gimbal.Core.Kubernetes;
using Gimbal.Core.Routing;
using Gimbal.Core.Tests.Support;
using Gimbal.Kubernetes.Manifests;

namespace Gimbal.Core.Tests.Compilation;

/// <summary>Compiles golden inputs and asks the request matcher what a proxy would answer: the two together are what users see.</summary>
public sealed class CompiledRoutingTests
{
    private static RequestMatcher Compile(string testCase)
    {
        var path = TestData.InputOf(testCase);
        var result = new RouteCompiler().Compile(ManifestReader.Read(File.ReadAllText(path), path).ToSnapshot());
        return new RequestMatcher(result.Routes, result.Endpoints);
    }

    private static RouteMatchResult Ask(RequestMatcher matcher, string host, string path = "/", string scheme = "http") =>
        matcher.Match(new RouteRequest { Scheme = scheme, Host = host, Path = path });

    [Fact]
    public void WildcardHostsServeExactlyOneExtraLabel()
    {
        var matcher = Compile("wildcard-hosts");
        Assert.Equal("*.example.com", Ask(matcher, "a.example.com").VirtualHost);
        Assert.Equal("example.com", Ask(matcher, "example.com").VirtualHost);
        Assert.Equal("*.a.example.com", Ask(matcher, "x.a.example.com").VirtualHost);
        Assert.Equal(404, Ask(matcher, "x.y.b.example.com").StatusCode);
    }

    [Fact]
    public void TlsHostsRedirectPlainHttpAndServeHttps()
    {
        var matcher = Compile("tls-valid");
        var redirect = Ask(matcher, "www.example.com", "/cart");
        Assert.Equal(301, redirect.StatusCode);
        Assert.Equal("https://www.example.com/cart", redirect.Location);
        Assert.Equal(200, Ask(matcher, "www.example.com", "/cart", "https").StatusCode);
        Assert.Equal(200, Ask(matcher, "plain.example.org").StatusCode);
        Assert.Equal(404, Ask(matcher, "plain.example.org", scheme: "https").StatusCode);
    }

    [Fact]
    public void DeniedPlainHttpIsNotFound() =>
        Assert.Equal(404, Ask(Compile("allow-http-false"), "www.example.com").StatusCode);

    [Fact]
    public void MissingServicesAnswer503AndPrefixesMatchPerSegment()
    {
        Assert.Equal(503, Ask(Compile("missing-service"), "www.example.com", "/other/x").StatusCode);

        var matcher = Compile("overlapping-prefixes");
        Assert.Equal("default/exact/80", Ask(matcher, "www.example.com", "/foo").Clusters[0].ClusterName);
        Assert.Equal("default/api/80", Ask(matcher, "www.example.com", "/foo/").Clusters[0].ClusterName);
        Assert.Equal("default/web/80", Ask(matcher, "www.example.com", "/foobar").Clusters[0].ClusterName);
        Assert.Equal("default/web/80", Ask(matcher, "www.example.com", "/foobarbaz").Clusters[0].ClusterName);
        Assert.Equal("default/api/80", Ask(matcher, "www.example.com", "/api").Clusters[0].ClusterName);
        Assert.Equal("default/web/80", Ask(matcher, "www.example.com", "/apis").Clusters[0].ClusterName);
    }

    [Fact]
    public void ServicesWithoutReadyEndpointsAnswer503()
    {
        // overlapping-prefixes has no Endpoints for api and exact.
        Assert.Equal(503, Ask(Compile("overlapping-prefixes"), "www.example.com", "/foo/bar").StatusCode);
    }

    [Fact]
    public void DefaultBackendServesUnknownHostsAndHostsWithoutRoot()
    {
        var matcher = Compile("default-backend");
        Assert.Equal("default/fallback/80", Ask(matcher, "unknown.org").Clusters[0].ClusterName);
        Assert.Equal("default/fallback/80", Ask(matcher, "a.example.com", "/x").Clusters[0].ClusterName);
        Assert.Equal("default/web/80", Ask(matcher, "a.example.com", "/api/v1").Clusters[0].ClusterName);
        Assert.Equal("default/web/80", Ask(matcher, "b.example.com", "/x").Clusters[0].ClusterName);
    }

    [Fact]
    public void RegexPathsMatchTheWholePath()
    {
        var matcher = Compile("regex-paths");
        Assert.Equal(200, Ask(matcher, "www.example.com", "/api/v2/users").StatusCode);
        Assert.Equal(200, Ask(matcher, "www.example.com", "/img/a/b.png").StatusCode);
        Assert.Equal(404, Ask(matcher, "www.example.com", "/img/a/b.png.txt").StatusCode);
    }

    [Fact]
    public void ConfiguredClassAndControllerNamesAreHonoured()
    {
        var ours = TestObjects.Ingress("ns", "ours", ("a.example.com", "/", "web", 80));
        ours = ours with { Spec = ours.Spec! with { IngressClassName = "edge" } };
        var theirs = TestObjects.Ingress("ns", "theirs", ("b.example.com", "/", "web", 80));
        theirs = theirs with { Spec = theirs.Spec! with { IngressClassName = "gimbal" } };
        var byController = TestObjects.Ingress("ns", "by-controller", ("c.example.com", "/", "web", 80));
        byController = byController with { Spec = byController.Spec! with { IngressClassName = "team" } };
        var snapshot = new ResourceSnapshot
        {
            Ingresses = [ours, theirs, byController],
            IngressClasses = [new IngressClass { Metadata = new ObjectMeta { Name = "team" }, Spec = new IngressClassSpec { Controller = "example.com/edge" } }],
            Services = [TestObjects.Service("ns", "web")],
        };

        var result = new RouteCompiler(new CompilerOptions { IngressClassName = "edge", ControllerName = "example.com/edge" }).Compile(snapshot);

        Assert.Equal(["a.example.com", "c.example.com"], result.Routes.VirtualHosts.Select(v => v.Name));
        Assert.Empty(result.Diagnostics);
    }
}
