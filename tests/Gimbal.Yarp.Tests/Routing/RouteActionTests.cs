using System.Net;
using Gimbal.Core.Collections;
using Gimbal.Core.Diagnostics;
using Gimbal.Core.Routing;
using Gimbal.Yarp.Tests.Infrastructure;
using static Gimbal.Yarp.Tests.Infrastructure.Tables;

namespace Gimbal.Yarp.Tests.Routing;

/// <summary>What routes do besides plain forwarding: 503s, redirects, direct responses, rewrites, headers.</summary>
public sealed class RouteActionTests : IAsyncLifetime
{
    private Upstream _app = null!;
    private TestGateway _gateway = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _app = await Upstream.StartAsync("app");
        _gateway = await TestGateway.StartAsync(o => o.HttpsRedirectPort = 8443);
        _client = _gateway.CreateClient();
        var source = new ObjectRef("Ingress", "default", "actions");
        var routes = Table(
            [
                Host("*",
                    Forward("/empty", "empty"),
                    Forward("/missing", "does-not-exist"),
                    new Route { Match = new RouteMatch { Path = "/gone" }, Action = RouteAction.ServiceUnavailable, Source = source },
                    new Route
                    {
                        Match = new RouteMatch { Path = "/teapot" },
                        Action = new RouteAction { DirectResponse = new DirectResponseAction { StatusCode = 418, Body = "short and stout" } },
                        Source = source,
                    },
                    new Route
                    {
                        Match = new RouteMatch { Path = "/moved" },
                        Action = new RouteAction { Redirect = new RedirectAction { Host = "new.example.com", Path = "/landing", StatusCode = 302 } },
                        Source = source,
                    },
                    Forward("/rewrite", "app") with
                    {
                        Action = new RouteAction
                        {
                            Forward = new ForwardAction
                            {
                                Clusters = EquatableArray.Create(new WeightedCluster { ClusterName = "app" }),
                                PrefixRewrite = "/",
                                RequestHeaders = new HeadersPolicy { Set = EquatableArray.Create(new HeaderValue("x-echo-team", "blue")) },
                                ResponseHeaders = new HeadersPolicy { Set = EquatableArray.Create(new HeaderValue("x-served-by", "gimbal")) },
                            },
                        },
                    },
                    Forward("/", "app")),
                Host("secure.example.com", Forward("/", "app") with { Insecure = InsecurePolicy.RedirectToHttps }) with
                {
                    Tls = new TlsBinding { CertificateName = "default/none" },
                },
                Host("private.example.com", Forward("/", "app") with { Insecure = InsecurePolicy.Deny }) with
                {
                    Tls = new TlsBinding { CertificateName = "default/none" },
                },
            ],
            [Cluster("app"), Cluster("empty")]);
        _gateway.Apply(routes, EndpointTable(Endpoints("app", _app), Endpoints("empty", Array.Empty<int>())));
        await Eventually.HoldsAsync(async () => (await _client.GetAsync("/")).StatusCode == HttpStatusCode.OK, "config applied");
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _gateway.DisposeAsync();
        await _app.DisposeAsync();
    }

    [Theory]
    [InlineData("/empty")]
    [InlineData("/missing")]
    [InlineData("/gone")]
    public async Task A_route_without_ready_endpoints_answers_a_plain_503(string path)
    {
        using var response = await _client.GetAsync(path);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    [Fact]
    public async Task Not_ready_endpoints_get_no_traffic()
    {
        var routes = Table([Host("*", Forward("/", "app"))], [Cluster("app")]);
        var notReady = new ClusterEndpoints
        {
            ClusterName = "app",
            Endpoints = EquatableArray.Create(new LbEndpoint { Address = "127.0.0.1", Port = _app.Port, Ready = false }),
        };
        _gateway.Apply(routes, Core.Routing.EndpointTable.Create([notReady]));
        await Eventually.HoldsAsync(async () => (await _client.GetAsync("/")).StatusCode == HttpStatusCode.ServiceUnavailable, "not-ready endpoint removed");
    }

    [Fact]
    public async Task Direct_responses_and_redirects_are_answered_by_the_gateway()
    {
        using var teapot = await _client.GetAsync("/teapot");
        Assert.Equal((HttpStatusCode)418, teapot.StatusCode);
        Assert.Equal("short and stout", await teapot.Content.ReadAsStringAsync());

        using var moved = await _client.GetAsync("/moved/x?y=1");
        Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
        Assert.Equal("http://new.example.com/landing", moved.Headers.Location!.ToString());
    }

    [Fact]
    public async Task Prefix_rewrite_and_header_policies_apply()
    {
        using var response = await _client.GetAsync("/rewrite/items?q=1");
        Assert.Equal("app /items?q=1 HTTP/1.1", await response.Content.ReadAsStringAsync());
        Assert.Equal("blue", response.Headers.GetValues("x-seen-team").Single());
        Assert.Equal("gimbal", response.Headers.GetValues("x-served-by").Single());
    }

    [Fact]
    public async Task Plain_http_to_a_tls_host_redirects_or_skips_denying_routes_as_the_route_says()
    {
        using var redirect = new HttpRequestMessage(HttpMethod.Get, "/cart?id=7");
        redirect.Headers.Host = "secure.example.com";
        using var redirected = await _client.SendAsync(redirect);
        Assert.Equal(HttpStatusCode.MovedPermanently, redirected.StatusCode);
        Assert.Equal("https://secure.example.com:8443/cart?id=7", redirected.Headers.Location!.ToString());

        using var deny = new HttpRequestMessage(HttpMethod.Get, "/");
        deny.Headers.Host = "private.example.com";
        using var denied = await _client.SendAsync(deny);
        Assert.Equal(HttpStatusCode.NotFound, denied.StatusCode);
    }
}
