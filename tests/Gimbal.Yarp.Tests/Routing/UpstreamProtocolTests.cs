using System.Net;
using System.Net.WebSockets;
using System.Text;
using Gimbal.Core.Collections;
using Gimbal.Core.Routing;
using Gimbal.Yarp.Tests.Infrastructure;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using static Gimbal.Yarp.Tests.Infrastructure.Tables;

namespace Gimbal.Yarp.Tests.Routing;

/// <summary>HTTP/2 (cleartext and TLS) and HTTPS upstreams, and websockets through the gateway.</summary>
public sealed class UpstreamProtocolTests : IAsyncLifetime
{
    private Upstream _h2c = null!;
    private Upstream _tls = null!;
    private Upstream _plain = null!;
    private TestGateway _gateway = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _h2c = await Upstream.StartAsync("h2c", HttpProtocols.Http2);
        _tls = await Upstream.StartAsync("tls", HttpProtocols.Http1AndHttp2, TestCertificates.ToX509(TestCertificates.Create("x/upstream", "upstream.local")));
        _plain = await Upstream.StartAsync("plain");
        _gateway = await TestGateway.StartAsync();
        _client = _gateway.CreateClient();
        var websocketRoute = Forward("/ws", "plain") with
        {
            Action = new RouteAction { Forward = new ForwardAction { Clusters = EquatableArray.Create(new WeightedCluster { ClusterName = "plain" }), Websockets = true } },
        };
        _gateway.Apply(
            Table(
                [
                    Host("h2c.test", Forward("/", "h2c")),
                    Host("h2.test", Forward("/", "h2")),
                    Host("tls.test", Forward("/", "tls")),
                    Host("ws.test", websocketRoute, Forward("/", "plain")),
                    Host("nows.test", Forward("/", "plain")),
                ],
                [
                    Cluster("h2c", protocol: UpstreamProtocol.H2c),
                    Cluster("h2", protocol: UpstreamProtocol.Http2),
                    Cluster("tls", protocol: UpstreamProtocol.Tls),
                    Cluster("plain"),
                ]),
            EndpointTable(Endpoints("h2c", _h2c), Endpoints("h2", _tls), Endpoints("tls", _tls), Endpoints("plain", _plain)));
        await Eventually.HoldsAsync(async () => (await GetAsync("h2c.test")).StatusCode == HttpStatusCode.OK, "config applied");
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _gateway.DisposeAsync();
        await _h2c.DisposeAsync();
        await _tls.DisposeAsync();
        await _plain.DisposeAsync();
    }

    [Theory]
    [InlineData("h2c.test", "h2c / HTTP/2")]
    [InlineData("h2.test", "tls / HTTP/2")]
    [InlineData("tls.test", "tls / HTTP/1.1")]
    public async Task Upstreams_are_spoken_to_in_their_protocol(string host, string expected)
    {
        using var response = await GetAsync(host);
        Assert.Equal(expected, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Websockets_pass_on_routes_that_allow_them_and_are_refused_elsewhere()
    {
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Host", "ws.test");
        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{_gateway.HttpPort}/ws"), CancellationToken.None);
        await socket.SendAsync(Encoding.UTF8.GetBytes("hello"), WebSocketMessageType.Text, true, CancellationToken.None);
        var buffer = new byte[256];
        var received = await socket.ReceiveAsync(buffer, CancellationToken.None);
        Assert.Equal("plain:hello", Encoding.UTF8.GetString(buffer, 0, received.Count));

        using var refused = new ClientWebSocket();
        refused.Options.SetRequestHeader("Host", "nows.test");
        refused.Options.CollectHttpResponseDetails = true;
        await Assert.ThrowsAsync<WebSocketException>(() => refused.ConnectAsync(new Uri($"ws://127.0.0.1:{_gateway.HttpPort}/ws"), CancellationToken.None));
        Assert.Equal(HttpStatusCode.Forbidden, refused.HttpStatusCode);
    }

    private async Task<HttpResponseMessage> GetAsync(string host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Host = host;
        return await _client.SendAsync(request);
    }
}
