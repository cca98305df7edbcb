using System.Net;
using Gimbal.Yarp.Tests.Infrastructure;
using static Gimbal.Yarp.Tests.Infrastructure.Tables;

namespace Gimbal.Yarp.Tests.Routing;

public sealed class ForwardedHeadersTests : IAsyncLifetime
{
    private TestGateway _gateway = null!;
    private HttpClient _client = null!;
    private Upstream _upstream = null!;

    public async Task InitializeAsync()
    {
        _gateway = await TestGateway.StartAsync();
        _client = _gateway.CreateClient();
        _upstream = await Upstream.StartAsync("app");
        _gateway.Apply(Table([Host("*", Forward("/", "app"))], [Cluster("app")]), EndpointTable(Endpoints("app", _upstream)));
        await Eventually.HoldsAsync(async () => (await _client.GetAsync("/")).IsSuccessStatusCode, "config applied");
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _gateway.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    [Fact]
    public async Task Upstreams_see_the_clients_host_and_envoys_forwarding_headers_only()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/headers");
        request.Headers.Host = "shop.example.com";
        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("shop.example.com", response.Headers.GetValues("x-request-host").Single());
        Assert.Equal("127.0.0.1", response.Headers.GetValues("x-seen-forwarded-for").Single());
        Assert.Equal("http", response.Headers.GetValues("x-seen-forwarded-proto").Single());
        Assert.False(response.Headers.Contains("x-seen-forwarded-host"));
        Assert.False(response.Headers.Contains("x-seen-forwarded-prefix"));
    }

    [Fact]
    public async Task The_client_address_is_appended_to_an_incoming_x_forwarded_for()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/headers");
        request.Headers.Add("x-forwarded-for", "203.0.113.7");
        using var response = await _client.SendAsync(request);

        Assert.Equal("203.0.113.7,127.0.0.1", response.Headers.GetValues("x-seen-forwarded-for").Single().Replace(" ", string.Empty, StringComparison.Ordinal));
    }
}
