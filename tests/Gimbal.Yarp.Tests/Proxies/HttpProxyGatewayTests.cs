using System.Net;
using Gimbal.Yarp.Tests.Infrastructure;

namespace Gimbal.Yarp.Tests.Proxies;

/// <summary>
/// HTTPProxy manifests through the gateway program to real upstreams: a root delegating to a team's
/// proxy, weights across two mirrored clusters, header conditions, prefix rewrite with header
/// policies, and redirects.
/// </summary>
public sealed class HttpProxyGatewayTests : IAsyncLifetime
{
    private Upstream _east = null!;
    private Upstream _west = null!;
    private Upstream _canary = null!;
    private GatewayProgram _program = null!;

    public async Task InitializeAsync()
    {
        _east = await Upstream.StartAsync("east");
        _west = await Upstream.StartAsync("west");
        _canary = await Upstream.StartAsync("canary");
        _program = await GatewayProgram.StartAsync("proxies.yaml", Manifests(), httpsRedirectPort: 8443);
        await Eventually.HoldsAsync(async () => (await SendAsync("/app/x")).StatusCode == HttpStatusCode.OK, "the HTTPProxy routes are served");
    }

    public async Task DisposeAsync()
    {
        await _program.DisposeAsync();
        await _east.DisposeAsync();
        await _west.DisposeAsync();
        await _canary.DisposeAsync();
    }

    [Fact]
    public async Task Weights_split_traffic_across_the_mirrored_clusters()
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < 400; i++)
        {
            using var response = await SendAsync("/app/x");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var upstream = response.Headers.GetValues("x-upstream").Single();
            seen[upstream] = seen.GetValueOrDefault(upstream) + 1;
        }

        Assert.Equal(["east", "west"], seen.Keys.Order(StringComparer.Ordinal));

        // 75:25 of 400 is 300:100; the bounds are ten standard deviations wide for a random split.
        Assert.InRange(seen["east"], 210, 390);
        Assert.Equal(0, _canary.Requests);
    }

    [Fact]
    public async Task Header_conditions_select_the_canary()
    {
        using var canary = await SendAsync("/app/x", ("X-Canary", "1"));
        Assert.Equal("canary", canary.Headers.GetValues("x-upstream").Single());

        using var other = await SendAsync("/app/x", ("X-Canary", "2"));
        Assert.NotEqual("canary", other.Headers.GetValues("x-upstream").Single());

        // Outside the delegated prefix the root's own route answers.
        using var root = await SendAsync("/elsewhere", ("X-Canary", "1"));
        Assert.Equal("canary", root.Headers.GetValues("x-upstream").Single());
        Assert.StartsWith("canary /elsewhere", await root.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prefix_rewrite_and_header_policies_reach_the_upstream_and_client()
    {
        using var response = await SendAsync("/app/api/items?id=7");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("canary /v2/items?id=7", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("team-a", response.Headers.GetValues("x-seen-team").Single());
        Assert.Equal("gimbal", response.Headers.GetValues("x-served-by").Single());
    }

    [Fact]
    public async Task Redirect_policy_answers_without_an_upstream()
    {
        var before = _canary.Requests + _east.Requests + _west.Requests;
        using var response = await SendAsync("/app/old/page");
        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal("https://new.test/new", response.Headers.Location!.ToString());
        Assert.Equal(before, _canary.Requests + _east.Requests + _west.Requests);
    }

    private async Task<HttpResponseMessage> SendAsync(string path, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{_program.App.HttpPort}{path}");
        request.Headers.Host = "shop.test";
        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }

        return await _program.Client.SendAsync(request);
    }

    private string Manifests() =>
        LoopbackManifests.Service("team-a", "east-shop", _east.Port) + LoopbackManifests.Service("team-a", "west-shop", _west.Port) + LoopbackManifests.Service("team-a", "canary", _canary.Port)
        + LoopbackManifests.Service("infra", "canary", _canary.Port) + """
        apiVersion: projectcontour.io/v1
        kind: HTTPProxy
        metadata:
          name: root
          namespace: infra
        spec:
          virtualhost:
            fqdn: shop.test
          routes:
          - services:
            - name: canary
              port: 80
          includes:
          - name: shop
            namespace: team-a
            conditions:
            - prefix: /app
        ---
        apiVersion: projectcontour.io/v1
        kind: HTTPProxy
        metadata:
          name: shop
          namespace: team-a
        spec:
          routes:
          - services:
            - name: east-shop
              port: 80
              weight: 75
            - name: west-shop
              port: 80
              weight: 25
          - conditions:
            - header:
                name: X-Canary
                exact: "1"
            services:
            - name: canary
              port: 80
          - conditions:
            - prefix: /api
            services:
            - name: canary
              port: 80
            pathRewritePolicy:
              replacePrefix:
              - replacement: /v2
            requestHeadersPolicy:
              set:
              - name: X-Echo-Team
                value: team-a
            responseHeadersPolicy:
              set:
              - name: X-Served-By
                value: gimbal
          - conditions:
            - prefix: /old
            requestRedirectPolicy:
              scheme: https
              hostname: new.test
              path: /new
              statusCode: 301
        """;
}
