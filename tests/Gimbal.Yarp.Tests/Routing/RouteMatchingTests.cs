using Gimbal.Core.Collections;
using Gimbal.Core.Routing;
using Gimbal.Yarp.Tests.Infrastructure;
using static Gimbal.Yarp.Tests.Infrastructure.Tables;

namespace Gimbal.Yarp.Tests.Routing;

/// <summary>Host and path matching through a real gateway, with the Envoy translation's rules.</summary>
public sealed class RouteMatchingTests : IAsyncLifetime
{
    private readonly Dictionary<string, Upstream> _upstreams = [];
    private TestGateway _gateway = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        foreach (var name in new[] { "exact", "wild", "any", "api", "apiexact", "regex", "first", "second", "header" })
        {
            _upstreams[name] = await Upstream.StartAsync(name);
        }

        _gateway = await TestGateway.StartAsync();
        _client = _gateway.CreateClient();
        var routes = Table(
            [
                Host("shop.example.com", Forward("/", "exact")),
                Host("*.example.com", Forward("/", "wild")),
                Host("*",
                    Forward(PathMatchKind.Exact, "/api/exact", ("apiexact", 1)),
                    Forward("/api", "api"),
                    Forward(PathMatchKind.Regex, "/img/[0-9]+\\.png", ("regex", 1)),
                    Forward("/order", "first"),
                    Forward("/order/special", "second"),
                    Forward("/h", "header") with
                    {
                        Match = new RouteMatch
                        {
                            Path = "/h",
                            Headers = EquatableArray.Create(new HeaderMatch { Name = "x-team", Kind = HeaderMatchKind.Exact, Value = "blue" }),
                        },
                    },
                    Forward("/", "any")),
            ],
            _upstreams.Keys.Select(n => Cluster(n)));
        _gateway.Apply(routes, EndpointTable(_upstreams.Select(u => Endpoints(u.Key, u.Value)).ToArray()));
        await Eventually.HoldsAsync(async () => (await Get("shop.example.com", "/")).Upstream == "exact", "first config applied");
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
    [InlineData("shop.example.com", "exact")]
    [InlineData("SHOP.Example.com", "exact")]
    [InlineData("shop.example.com:8080", "exact")]
    [InlineData("cart.example.com", "wild")]
    [InlineData("a.b.example.com", "any")]
    [InlineData("example.com", "any")]
    [InlineData("other.test", "any")]
    public async Task Hosts_match_exact_before_single_label_wildcard_before_any(string host, string expected)
    {
        Assert.Equal(expected, (await Get(host, "/")).Upstream);
    }

    [Theory]
    [InlineData("/api", "api")]
    [InlineData("/api/", "api")]
    [InlineData("/api/v1/items", "api")]
    [InlineData("/apiary", "any")]
    [InlineData("/api/exact", "apiexact")]
    [InlineData("/api/exact/", "api")]
    [InlineData("/API/exact", "any")]
    [InlineData("/img/42.png", "regex")]
    [InlineData("/img/42.png/x", "any")]
    [InlineData("/img/x.png", "any")]
    public async Task Paths_match_per_segment_exactly_or_by_whole_regex(string path, string expected)
    {
        Assert.Equal(expected, (await Get("other.test", path)).Upstream);
    }

    [Fact]
    public async Task Route_order_of_the_table_is_the_match_order()
    {
        // "/order" comes first, so it wins over the longer "/order/special" listed after it.
        Assert.Equal("first", (await Get("other.test", "/order/special")).Upstream);
    }

    [Fact]
    public async Task Header_matches_must_hold()
    {
        Assert.Equal("any", (await Get("other.test", "/h")).Upstream);
        Assert.Equal("header", (await Get("other.test", "/h", ("x-team", "blue"))).Upstream);
        Assert.Equal("any", (await Get("other.test", "/h", ("x-team", "Blue"))).Upstream);
    }

    [Fact]
    public async Task Path_and_query_reach_the_upstream_unchanged()
    {
        var (upstream, body) = await Get("other.test", "/api/v1/items?q=1");
        Assert.Equal("api", upstream);
        Assert.Equal("api /api/v1/items?q=1 HTTP/1.1", body);
    }

    private async Task<(string? Upstream, string Body)> Get(string host, string path, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Host = host;
        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }

        using var response = await _client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return (response.Headers.TryGetValues("x-upstream", out var v) ? v.Single() : null, body);
    }
}
