using System.Net;
using Gimbal.Yarp.Tests.Infrastructure;

namespace Gimbal.Yarp.Tests.Gateway;

/// <summary>
/// --inline-io runs request processing on Kestrel's socket threads: the proxy path must still carry concurrent
/// requests, redirects and a config change without a failure (anything blocking there would stall the listener).
/// </summary>
public sealed class InlineIoTests
{
    [Fact]
    public async Task Concurrent_requests_and_a_config_change_are_served_with_inline_io()
    {
        await using var blue = await Upstream.StartAsync("blue");
        await using var green = await Upstream.StartAsync("green");
        await using var program = await GatewayProgram.StartAsync("app.yaml", Manifests(blue.Port), inlineIo: true);
        await Eventually.HoldsAsync(async () => await UpstreamOf(program, "/") == "blue", "route served");

        var answers = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => UpstreamOf(program, $"/item/{i}")));
        Assert.All(answers, a => Assert.Equal("blue", a));

        await File.WriteAllTextAsync(Path.Combine(program.Folder, "app.yaml"), Manifests(green.Port));
        await Eventually.HoldsAsync(async () => await UpstreamOf(program, "/") == "green", "changed endpoints served");
        answers = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => UpstreamOf(program, $"/item/{i}")));
        Assert.All(answers, a => Assert.Equal("green", a));

        using var unknown = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{program.App.HttpPort}/");
        unknown.Headers.Host = "nobody.test";
        using var notFound = await program.Client.SendAsync(unknown);
        Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
    }

    private static async Task<string?> UpstreamOf(GatewayProgram program, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{program.App.HttpPort}{path}");
        request.Headers.Host = "shop.test";
        using var response = await program.Client.SendAsync(request);
        return response.Headers.TryGetValues("x-upstream", out var values) ? values.Single() : null;
    }

    private static string Manifests(int port) =>
        LoopbackManifests.Service("team-a", "shop", port) + LoopbackManifests.Ingress("team-a", "shop", "shop.test", "shop");
}
