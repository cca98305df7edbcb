using Gimbal.Yarp.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using static Gimbal.Yarp.Tests.Infrastructure.Tables;

namespace Gimbal.Yarp.Tests.Configuration;

public sealed class EndpointOnlyChangeTests
{
    [Fact]
    public async Task An_endpoint_only_change_keeps_every_route_endpoint()
    {
        await using var first = await Upstream.StartAsync("first");
        await using var second = await Upstream.StartAsync("second");
        await using var gateway = await TestGateway.StartAsync();
        using var client = gateway.CreateClient();
        var routes = Table([Host("*", Forward("/a", "app"), Forward("/", "app"))], [Cluster("app")]);

        gateway.Apply(routes, EndpointTable(Endpoints("app", first)));
        await Eventually.HoldsAsync(async () => (await client.GetAsync("/")).IsSuccessStatusCode, "routes applied");
        var before = RouteEndpoints(gateway);

        gateway.Apply(routes, EndpointTable(Endpoints("app", second)));
        await Eventually.HoldsAsync(async () => (await client.GetAsync("/a")).Headers.GetValues("x-upstream").Single() == "second", "new endpoint serves");

        Assert.Equal(2, before.Count);
        Assert.Equal(before, RouteEndpoints(gateway));
    }

    /// <summary>The ASP.NET Core endpoints YARP built for Gimbal routes, by reference.</summary>
    private static List<Endpoint> RouteEndpoints(TestGateway gateway) =>
        gateway.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .Where(e => e.Metadata.GetMetadata<Matching.CompiledRoute>() is not null)
            .ToList();
}
