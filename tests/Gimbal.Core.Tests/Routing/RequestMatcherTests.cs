using Gimbal.Core.Collections;
using Gimbal.Core.Diagnostics;
using Gimbal.Core.Routing;

namespace Gimbal.Core.Tests.Routing;

public sealed class RequestMatcherTests
{
    private static readonly ObjectRef Source = new("Ingress", "default", "site");

    private static Route Forward(PathMatchKind kind, string path, string cluster, InsecurePolicy insecure = InsecurePolicy.Allow, params HeaderMatch[] headers) => new()
    {
        Match = new RouteMatch { PathKind = kind, Path = path, Headers = headers },
        Action = new RouteAction { Forward = new ForwardAction { Clusters = EquatableArray.Create(new WeightedCluster { ClusterName = cluster }) } },
        Insecure = insecure,
        Source = Source,
    };

    private static readonly RouteTable Table = new()
    {
        VirtualHosts = EquatableArray.Create(
            new VirtualHost { Name = "*", Routes = EquatableArray.Create(Forward(PathMatchKind.Prefix, "/", "any")) },
            new VirtualHost { Name = "*.example.com", Routes = EquatableArray.Create(Forward(PathMatchKind.Prefix, "/", "wild")) },
            new VirtualHost
            {
                Name = "secure.example.com",
                Tls = new TlsBinding { CertificateName = "default/tls" },
                Routes = EquatableArray.Create(
                    Forward(PathMatchKind.Prefix, "/private", "private", InsecurePolicy.Deny),
                    Forward(PathMatchKind.Prefix, "/", "secure", InsecurePolicy.RedirectToHttps)),
            },
            new VirtualHost
            {
                Name = "www.example.com",
                Routes = EquatableArray.Create(
                    Forward(PathMatchKind.Exact, "/foo", "exact"),
                    Forward(PathMatchKind.Regex, "/api/v[0-9]+/.*", "regex"),
                    Forward(PathMatchKind.Prefix, "/foo", "canary", InsecurePolicy.Allow, new HeaderMatch { Name = "x-canary", Value = "1" }),
                    Forward(PathMatchKind.Prefix, "/foo", "foo"),
                    new Route { Match = new RouteMatch { Path = "/gone" }, Action = RouteAction.ServiceUnavailable, Source = Source },
                    new Route
                    {
                        Match = new RouteMatch { PathKind = PathMatchKind.Exact, Path = "/old" },
                        Action = new RouteAction { Redirect = new RedirectAction { Path = "/new", StatusCode = 308 } },
                        Source = Source,
                    }),
            }),
    };

    private static RouteMatchResult Match(string host, string path = "/", string scheme = "http", Dictionary<string, string>? headers = null, EndpointTable? endpoints = null) =>
        new RequestMatcher(Table, endpoints).Match(new RouteRequest { Scheme = scheme, Host = host, Path = path, Headers = headers });

    [Theory]
    [InlineData("www.example.com", "www.example.com")]
    [InlineData("WWW.Example.com:8080", "www.example.com")]
    [InlineData("www.example.com.", "www.example.com")]
    [InlineData("a.example.com", "*.example.com")]
    [InlineData("a.b.example.com", "*")]
    [InlineData("example.com", "*")]
    [InlineData("[::1]:80", "*")]
    [InlineData("other.org", "*")]
    public void HostPrecedenceIsExactThenWildcardThenAny(string host, string expected) =>
        Assert.Equal(expected, Match(host, "/foo/x").VirtualHost);

    [Theory]
    [InlineData("/foo", "exact")]
    [InlineData("/foo/", "foo")]
    [InlineData("/foo/bar", "foo")]
    [InlineData("/foo?x=1", "exact")]
    [InlineData("/api/v2/users", "regex")]
    [InlineData("/api/vx/users", null)]
    [InlineData("/foobar", null)]
    [InlineData("/", null)]
    public void PathsMatchPerSegmentExactAndRegex(string path, string? cluster)
    {
        var result = Match("www.example.com", path);
        if (cluster is null)
        {
            Assert.Equal(404, result.StatusCode);
            Assert.Equal("www.example.com", result.VirtualHost);
        }
        else
        {
            Assert.Equal(200, result.StatusCode);
            Assert.Equal(cluster, Assert.Single(result.Clusters).ClusterName);
        }
    }

    [Fact]
    public void HeaderConditionsSelectRoutes()
    {
        Assert.Equal("canary", Match("www.example.com", "/foo/x", headers: new() { ["X-Canary"] = "1" }).Clusters[0].ClusterName);
        Assert.Equal("foo", Match("www.example.com", "/foo/x", headers: new() { ["X-Canary"] = "2" }).Clusters[0].ClusterName);
    }

    [Fact]
    public void MissingBackendAnswers503AndRedirectsAnswerTheirStatus()
    {
        Assert.Equal(503, Match("www.example.com", "/gone/x").StatusCode);
        var redirect = Match("www.example.com", "/old");
        Assert.Equal(308, redirect.StatusCode);
        Assert.Equal("http://www.example.com/new", redirect.Location);
    }

    [Fact]
    public void PlainHttpOnTlsHostsIsRedirectedOrDenied()
    {
        var redirect = Match("secure.example.com", "/x?y=1");
        Assert.Equal(301, redirect.StatusCode);
        Assert.Equal("https://secure.example.com/x?y=1", redirect.Location);

        // The denied route does not exist on plain HTTP, so the next route (a redirect) answers.
        var denied = Match("secure.example.com", "/private/data");
        Assert.Equal(301, denied.StatusCode);
        Assert.Equal(1, denied.RouteIndex);

        var secure = Match("secure.example.com", "/private/data", scheme: "https");
        Assert.Equal(200, secure.StatusCode);
        Assert.Equal("private", secure.Clusters[0].ClusterName);
    }

    [Fact]
    public void HttpsNeedsAVirtualHostWithTls()
    {
        Assert.Equal(404, Match("www.example.com", "/foo", scheme: "https").StatusCode);
        Assert.Equal(200, Match("secure.example.com", "/", scheme: "https").StatusCode);
    }

    [Fact]
    public void WithoutAnyHostUnknownHostsGet404()
    {
        var table = Table with { VirtualHosts = Table.VirtualHosts.Where(v => v.Name != "*").ToEquatableArray() };
        var result = new RequestMatcher(table).Match(new RouteRequest { Host = "other.org" });
        Assert.Equal(404, result.StatusCode);
        Assert.Null(result.VirtualHost);
    }

    [Fact]
    public void ForwardWithoutReadyEndpointsAnswers503WhenEndpointsAreKnown()
    {
        var endpoints = EndpointTable.Create(
        [
            new ClusterEndpoints { ClusterName = "foo", Endpoints = EquatableArray.Create(new LbEndpoint { Address = "10.0.0.1", Port = 80, Ready = false }) },
            new ClusterEndpoints { ClusterName = "exact", Endpoints = EquatableArray.Create(new LbEndpoint { Address = "10.0.0.2", Port = 80 }) },
        ]);

        Assert.Equal(503, Match("www.example.com", "/foo/x", endpoints: endpoints).StatusCode);
        Assert.Equal(200, Match("www.example.com", "/foo", endpoints: endpoints).StatusCode);
        Assert.Equal(503, Match("a.example.com", "/", endpoints: endpoints).StatusCode);
    }
}
