using System.Net;
using Gimbal.Core.Collections;
using Gimbal.Core.Routing;
using Gimbal.Yarp.Tests.Infrastructure;
using static Gimbal.Yarp.Tests.Infrastructure.Tables;

namespace Gimbal.Yarp.Tests.Configuration;

/// <summary>Parts YARP would reject never take the rest of the table down with them.</summary>
public sealed class BadInputTests
{
    [Fact]
    public async Task Unusable_parts_are_left_out_and_everything_else_is_served()
    {
        await using var app = await Upstream.StartAsync("app");
        await using var gateway = await TestGateway.StartAsync();
        using var client = gateway.CreateClient();

        var badHeaders = Forward("/bad-headers", "app") with
        {
            Action = new RouteAction
            {
                Forward = new ForwardAction
                {
                    Clusters = EquatableArray.Create(new WeightedCluster { ClusterName = "app" }),
                    RequestHeaders = new HeadersPolicy { Set = EquatableArray.Create(new HeaderValue("not a header", "x"), new HeaderValue("x-echo-ok", "yes")) },
                    ResponseHeaders = new HeadersPolicy { Remove = EquatableArray.Create("bad:name") },
                },
            },
        };
        var routes = Table(
            [
                Host("*", badHeaders, Forward("/broken", "broken"), Forward(PathMatchKind.Regex, "/((", ("app", 1)), Forward("/", "app")),
                Host("*", Forward("/", "broken")),
            ],
            [Cluster("app"), Cluster("broken"), Cluster("app")]);
        var endpoints = EndpointTable(
            Endpoints("app", app),
            new ClusterEndpoints
            {
                ClusterName = "broken",
                Endpoints = EquatableArray.Create(
                    new LbEndpoint { Address = "not an address", Port = 80 },
                    new LbEndpoint { Address = "127.0.0.1", Port = 70000 }),
            });
        gateway.Apply(routes, endpoints);

        await Eventually.HoldsAsync(async () => (await client.GetAsync("/")).StatusCode == HttpStatusCode.OK, "the valid routes are served");
        using var headers = await client.GetAsync("/bad-headers");
        Assert.Equal("yes", headers.Headers.GetValues("x-seen-ok").Single());
        using var broken = await client.GetAsync("/broken");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, broken.StatusCode);
        using var regex = await client.GetAsync("/((");
        Assert.Equal("app", regex.Headers.GetValues("x-upstream").Single());
    }

    [Fact]
    public async Task A_route_timeout_answers_504_when_the_upstream_is_too_slow()
    {
        await using var app = await Upstream.StartAsync("slow");
        await using var gateway = await TestGateway.StartAsync();
        using var client = gateway.CreateClient();
        var route = Forward("/", "app") with
        {
            Action = new RouteAction
            {
                Forward = new ForwardAction
                {
                    Clusters = EquatableArray.Create(new WeightedCluster { ClusterName = "app" }),
                    Timeouts = new TimeoutPolicy { Request = TimeSpan.FromMilliseconds(300) },
                },
            },
        };
        gateway.Apply(Table([Host("*", route)], [Cluster("app")]), EndpointTable(Endpoints("app", app)));
        await Eventually.HoldsAsync(async () => (await client.GetAsync("/")).StatusCode == HttpStatusCode.OK, "config applied");

        using var response = await client.GetAsync("/hold");
        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        app.Release();
    }
}
