using System.Net;
using Gimbal.Core.Collections;
using Gimbal.Core.Routing;
using Gimbal.Yarp.Tests.Infrastructure;
using static Gimbal.Yarp.Tests.Infrastructure.Tables;

namespace Gimbal.Yarp.Tests.ServiceHeaders;

/// <summary>Per-service header policies of a weighted split, seen by each real backend and on each backend's responses.</summary>
public sealed class ServiceHeadersTests : IAsyncLifetime
{
    private Upstream _blue = null!;
    private Upstream _green = null!;
    private TestGateway _gateway = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _blue = await Upstream.StartAsync("blue");
        _green = await Upstream.StartAsync("green");
        _gateway = await TestGateway.StartAsync();
        _client = _gateway.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _gateway.DisposeAsync();
        await _blue.DisposeAsync();
        await _green.DisposeAsync();
    }

    [Fact]
    public async Task Each_backend_gets_its_own_services_headers_which_win_over_the_routes()
    {
        Apply(
            Service("blue", request: ("x-echo-svc", "blue"), response: ("x-svc", "blue")),
            Service("green", request: ("x-echo-svc", "green"), response: ("x-svc", "green")));

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 60; i++)
        {
            using var response = await GetAsync();
            var upstream = response.Headers.GetValues("x-upstream").Single();
            seen.Add(upstream);
            Assert.Equal(upstream, response.Headers.GetValues("x-seen-svc").Single());
            Assert.Equal(upstream, response.Headers.GetValues("x-svc").Single());
            Assert.Equal("route", response.Headers.GetValues("x-seen-route").Single());
            Assert.Equal("r", response.Headers.GetValues("x-route-response").Single());
            Assert.False(response.Headers.Contains("x-seen-dropped"), "the service removed the header the client sent");
        }

        Assert.Equal(["blue", "green"], seen.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task One_cluster_named_by_two_services_applies_each_services_headers_in_its_share()
    {
        Apply(
            Service("blue", request: ("x-echo-svc", "first"), response: null),
            Service("blue", request: ("x-echo-svc", "second"), response: null));

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 60 && seen.Count < 2; i++)
        {
            using var response = await GetAsync();
            Assert.Equal("blue", response.Headers.GetValues("x-upstream").Single());
            seen.Add(response.Headers.GetValues("x-seen-svc").Single());
        }

        Assert.Equal(["first", "second"], seen.Order(StringComparer.Ordinal));
    }

    private static WeightedCluster Service(string cluster, (string Name, string Value) request, (string Name, string Value)? response) => new()
    {
        ClusterName = cluster,
        RequestHeaders = new HeadersPolicy
        {
            Set = EquatableArray.Create(new HeaderValue(request.Name, request.Value)),
            Remove = EquatableArray.Create("x-echo-dropped"),
        },
        ResponseHeaders = response is { } r ? new HeadersPolicy { Set = EquatableArray.Create(new HeaderValue(r.Name, r.Value)) } : null,
    };

    private void Apply(params WeightedCluster[] services)
    {
        var route = Forward("/", "blue");
        route = route with
        {
            Action = new RouteAction
            {
                Forward = route.Action.Forward! with
                {
                    Clusters = services.ToEquatableArray(),
                    RequestHeaders = new HeadersPolicy { Set = EquatableArray.Create(new HeaderValue("x-echo-route", "route"), new HeaderValue("x-echo-svc", "route")) },
                    ResponseHeaders = new HeadersPolicy { Set = EquatableArray.Create(new HeaderValue("x-route-response", "r"), new HeaderValue("x-svc", "route")) },
                },
            },
        };
        _gateway.Apply(
            Table([Host("shop.example.com", route)], [Cluster("blue"), Cluster("green")]),
            EndpointTable(Endpoints("blue", _blue), Endpoints("green", _green)));
    }

    private async Task<HttpResponseMessage> GetAsync()
    {
        HttpResponseMessage? last = null;
        await Eventually.HoldsAsync(
            async () =>
            {
                last?.Dispose();
                using var request = new HttpRequestMessage(HttpMethod.Get, "/x") { Headers = { Host = "shop.example.com" } };
                request.Headers.Add("x-echo-dropped", "client");
                last = await _client.SendAsync(request);
                return last.StatusCode == HttpStatusCode.OK && last.Headers.Contains("x-seen-route");
            },
            "the route is served");
        return last!;
    }
}
