using System.Net;
using Gimbal.Core.Collections;
using Gimbal.Core.Routing;
using Gimbal.Yarp.Tests.Infrastructure;
using static Gimbal.Yarp.Tests.Infrastructure.Tables;

namespace Gimbal.Yarp.Tests.Routing;

/// <summary>
/// Negated header conditions (notexact, notcontains) and prefix-replacing redirects through a real
/// gateway, each request checked against Core's RequestMatcher, which the Envoy side follows too.
/// </summary>
public sealed class NegationAndRedirectPrefixTests : IAsyncLifetime
{
    private readonly Dictionary<string, Upstream> _upstreams = [];
    private RouteTable _routes = null!;
    private TestGateway _gateway = null!;
    private HttpClient _client = null!;

    public static TheoryData<string, string?> Requests => new()
    {
        { "/n", null },
        { "/n", "blue" },
        { "/n", "green" },
        { "/n", "Blue" },
        { "/c", null },
        { "/c", "darkred" },
        { "/c", "blue" },
        { "/old/a?x=1", null },
        { "/old", null },
        { "/older", null },
        { "/other/x?q=2", null },
        { "/", null },
    };

    public async Task InitializeAsync()
    {
        foreach (var name in new[] { "notblue", "nored", "fallback" })
        {
            _upstreams[name] = await Upstream.StartAsync(name);
        }

        _routes = Table(
            [
                Host(
                    "shop.example.com",
                    When(Forward("/n", "notblue"), HeaderMatchKind.NotExact, "blue"),
                    When(Forward("/c", "nored"), HeaderMatchKind.NotContains, "red"),
                    Forward("/n", "fallback"),
                    Forward("/c", "fallback"),
                    Redirect("/old", "/new", 302),
                    Redirect("/", "/root/", 301)),
            ],
            _upstreams.Keys.Select(n => Cluster(n)));
        _gateway = await TestGateway.StartAsync();
        _client = _gateway.CreateClient();
        _gateway.Apply(_routes, EndpointTable(_upstreams.Select(u => Endpoints(u.Key, u.Value)).ToArray()));
        await Eventually.HoldsAsync(async () => (await SendAsync("/n", null)).StatusCode == HttpStatusCode.OK, "the routes are served");
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _gateway.DisposeAsync();
        foreach (var upstream in _upstreams.Values)
        {
            await upstream.DisposeAsync();
        }
    }

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task The_gateway_answers_as_the_request_matcher_says(string path, string? team)
    {
        var expected = new RequestMatcher(_routes).Match(new RouteRequest
        {
            Host = "shop.example.com",
            Path = path,
            Headers = team is null ? null : new Dictionary<string, string> { ["x-team"] = team },
        });

        using var response = await SendAsync(path, team);
        Assert.Equal(expected.StatusCode, (int)response.StatusCode);
        if (expected.StatusCode == 200)
        {
            Assert.Equal(expected.Clusters.Single().ClusterName, response.Headers.GetValues("x-upstream").Single());
        }
        else
        {
            Assert.Equal(expected.Location, response.Headers.Location?.OriginalString);
        }
    }

    [Fact]
    public async Task Absent_headers_satisfy_negations_and_prefix_redirects_keep_the_rest_of_the_path_and_query()
    {
        using var absent = await SendAsync("/n", null);
        Assert.Equal("notblue", absent.Headers.GetValues("x-upstream").Single());

        using var excluded = await SendAsync("/c", "darkred");
        Assert.Equal("fallback", excluded.Headers.GetValues("x-upstream").Single());

        using var redirect = await SendAsync("/old/a?x=1", null);
        Assert.Equal(HttpStatusCode.Found, redirect.StatusCode);
        Assert.Equal("http://shop.example.com/new/a?x=1", redirect.Headers.Location?.OriginalString);

        using var root = await SendAsync("/other/x", null);
        Assert.Equal("http://shop.example.com/root/other/x", root.Headers.Location?.OriginalString);
    }

    private static Route When(Route route, HeaderMatchKind kind, string value) => route with
    {
        Match = route.Match with { Headers = EquatableArray.Create(new HeaderMatch { Name = "x-team", Kind = kind, Value = value }) },
    };

    private static Route Redirect(string prefix, string replacement, int status) => new()
    {
        Match = new RouteMatch { PathKind = PathMatchKind.Prefix, Path = prefix },
        Action = new RouteAction { Redirect = new RedirectAction { PrefixRewrite = replacement, StatusCode = status } },
        Source = new Core.Diagnostics.ObjectRef("HTTPProxy", "default", "test"),
    };

    private async Task<HttpResponseMessage> SendAsync(string path, string? team)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path) { Headers = { Host = "shop.example.com" } };
        if (team is not null)
        {
            request.Headers.Add("x-team", team);
        }

        return await _client.SendAsync(request);
    }
}
