using System.Net;
using System.Text;
using Gimbal.Core.Collections;
using Gimbal.Core.Routing;
using Gimbal.Yarp.Tests.Infrastructure;
using static Gimbal.Yarp.Tests.Infrastructure.Tables;

namespace Gimbal.Yarp.Tests.Mirroring;

/// <summary>A route's mirror cluster gets copies of its requests through a real gateway; the client only ever sees the primary.</summary>
public sealed class RequestMirrorTests : IAsyncLifetime
{
    private RecordingUpstream _primary = null!;
    private TestGateway _gateway = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _primary = await RecordingUpstream.StartAsync("primary");
        _gateway = await TestGateway.StartAsync();
        _client = _gateway.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _gateway.DisposeAsync();
        await _primary.DisposeAsync();
    }

    [Fact]
    public async Task The_mirror_gets_a_copy_with_the_shadow_host_path_and_small_body()
    {
        await using var mirror = await RecordingUpstream.StartAsync("mirror");
        Apply(mirror.Port);

        using var response = await SendAsync(HttpMethod.Post, "shop.example.com", "/orders?id=7", "a small body");
        Assert.Equal("primary:12", await response.Content.ReadAsStringAsync());

        var copy = await ReceivedAsync(mirror, r => r.Method == "POST");
        Assert.Equal("shop.example.com-shadow", copy.Host);
        Assert.Equal("/orders?id=7", copy.PathAndQuery);
        Assert.Equal("a small body", copy.Body);
        Assert.Equal("yes", copy.Headers["x-copied"]);

        using var withPort = await SendAsync(HttpMethod.Get, "shop.example.com:8080", "/p", null);
        Assert.Equal(HttpStatusCode.OK, withPort.StatusCode);
        Assert.Equal("shop.example.com-shadow:8080", (await ReceivedAsync(mirror, r => r.PathAndQuery == "/p")).Host);
    }

    [Fact]
    public async Task Large_bodies_reach_the_primary_whole_and_are_not_mirrored()
    {
        using var requests = new MetricRecorder("gimbal.yarp.mirror.requests");
        await using var mirror = await RecordingUpstream.StartAsync("mirror-large");
        Apply(mirror.Port, "mirror-large");

        var large = new string('x', 200_000);
        using var response = await SendAsync(HttpMethod.Put, "shop.example.com", "/big", large);
        Assert.Equal("primary:200000", await response.Content.ReadAsStringAsync());
        await Eventually.HoldsAsync(
            () => Task.FromResult(requests.Sum(("cluster", "mirror-large"), ("outcome", "skipped_body")) >= 1),
            "the skipped copy is counted");
        Assert.DoesNotContain(mirror.Received, r => r.PathAndQuery == "/big");
    }

    [Fact]
    public async Task A_mirror_that_never_answers_or_does_not_exist_does_not_hold_up_the_client()
    {
        await using var stuck = await RecordingUpstream.StartAsync("stuck", hold: true);
        Apply(stuck.Port);

        for (var i = 0; i < 5; i++)
        {
            using var response = await SendAsync(HttpMethod.Get, "shop.example.com", $"/r{i}", null);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // The copies did arrive and are still waiting for answers that never come.
        await Eventually.HoldsAsync(() => Task.FromResult(stuck.Received.Count >= 5), "the mirror received every copy");

        using var requests = new MetricRecorder("gimbal.yarp.mirror.requests");
        _gateway.Apply(Routes("nowhere"), EndpointTable(Endpoints("primary", _primary.Port)));
        await Eventually.HoldsAsync(
            async () =>
            {
                using var response = await SendAsync(HttpMethod.Get, "shop.example.com", "/gone", null);
                return response.StatusCode == HttpStatusCode.OK && requests.Sum(("cluster", "nowhere"), ("outcome", "no_destination")) > 0;
            },
            "a mirror without endpoints is skipped and counted");
    }

    private void Apply(int mirrorPort, string mirrorCluster = "mirror") =>
        _gateway.Apply(Routes(mirrorCluster), EndpointTable(Endpoints("primary", _primary.Port), Endpoints(mirrorCluster, mirrorPort)));

    private static RouteTable Routes(string mirrorCluster)
    {
        var route = Forward("/", "primary");
        route = route with
        {
            Action = new RouteAction
            {
                Forward = route.Action.Forward! with
                {
                    Mirrors = EquatableArray.Create(new RequestMirror { ClusterName = mirrorCluster }),
                    RequestHeaders = new HeadersPolicy { Set = EquatableArray.Create(new HeaderValue("x-copied", "yes")) },
                },
            },
        };
        return Table([Host("shop.example.com", route)], [Cluster("primary"), Cluster(mirrorCluster)]);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string host, string path, string? body)
    {
        HttpResponseMessage? last = null;
        await Eventually.HoldsAsync(
            async () =>
            {
                last?.Dispose();
                using var request = new HttpRequestMessage(method, path) { Headers = { Host = host } };
                if (body is not null)
                {
                    request.Content = new StringContent(body, Encoding.UTF8);
                }

                last = await _client.SendAsync(request);
                return last.StatusCode == HttpStatusCode.OK;
            },
            $"{method} {path} is served");
        return last!;
    }

    private static async Task<ReceivedRequest> ReceivedAsync(RecordingUpstream upstream, Func<ReceivedRequest, bool> match)
    {
        await Eventually.HoldsAsync(() => Task.FromResult(upstream.Received.Any(match)), "the mirror received the copy");
        return upstream.Received.First(match);
    }
}
