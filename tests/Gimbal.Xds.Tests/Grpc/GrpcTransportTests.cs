using System.Net;
using Envoy.Service.Discovery.V3;
using Gimbal.Xds.Tests.Infrastructure;
using Gimbal.Xds.Translation;

namespace Gimbal.Xds.Tests.Grpc;

public sealed class GrpcTransportTests
{
    [Fact]
    public async Task Unknown_method_answers_unimplemented()
    {
        await using var server = await XdsTestServer.StartAsync();
        using var http = GrpcTestCall<DiscoveryRequest, DiscoveryResponse>.CreateClient(server.Address);
        await using var call = await GrpcTestCall<DiscoveryRequest, DiscoveryResponse>.StartAsync(http, "/envoy.service.discovery.v3.AggregatedDiscoveryService/Nope", DiscoveryResponse.Parser);
        call.HalfClose();

        Assert.Equal("12", await call.ReadStatusAsync());
        Assert.Equal(HttpStatusCode.OK, call.Response.StatusCode);
    }

    [Fact]
    public async Task A_client_resetting_its_stream_is_a_peer_leaving_not_a_handler_failure()
    {
        using var logs = new CapturedLogs();
        await using var server = await XdsTestServer.StartAsync(logs: logs);
        using var http = GrpcTestCall<DiscoveryRequest, DiscoveryResponse>.CreateClient(server.Address);
        const int Calls = 10;
        for (var i = 0; i < Calls; i++)
        {
            // The reset races the server noticing it (RequestAborted): several calls give the race room.
            var call = await GrpcTestCall<DiscoveryRequest, DiscoveryResponse>.StartAsync(http, Protocol.AdsClient.AdsPath, DiscoveryResponse.Parser);
            await call.SendAsync(new DiscoveryRequest { Node = new Envoy.Config.Core.V3.Node { Id = $"reset-{i}" }, TypeUrl = TypeUrls.Cluster });
            call.Response.Dispose();
            await call.DisposeAsync();
        }

        static bool FromHandler((string Category, Microsoft.Extensions.Logging.LogLevel Level, string Message) e) =>
            e.Category.EndsWith("GrpcMethodHandler", StringComparison.Ordinal);

        Assert.True(await logs.WaitForAsync(entries => entries.Count(FromHandler) >= Calls), string.Join("\n", logs.Entries.Where(FromHandler)));
        Assert.All(logs.Entries.Where(FromHandler), e => Assert.Contains("the peer went away", e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Grpc_timeout_ends_an_idle_stream_with_deadline_exceeded()
    {
        await using var server = await XdsTestServer.StartAsync();
        using var http = GrpcTestCall<DiscoveryRequest, DiscoveryResponse>.CreateClient(server.Address);
        await using var call = await GrpcTestCall<DiscoveryRequest, DiscoveryResponse>.StartAsync(
            http, Protocol.AdsClient.AdsPath, DiscoveryResponse.Parser, r => r.Headers.TryAddWithoutValidation("grpc-timeout", "200m"));

        Assert.Equal("4", await call.ReadStatusAsync());
    }

    [Fact]
    public async Task Gzip_request_messages_are_accepted_and_responses_compressed_when_asked()
    {
        await using var server = await XdsTestServer.StartAsync(configure: o => o.Transport.CompressResponses = true);
        server.Publisher.Publish(SampleTables.Rich(), SampleTables.RichEndpoints());
        using var http = GrpcTestCall<DiscoveryRequest, DiscoveryResponse>.CreateClient(server.Address);
        await using var call = await GrpcTestCall<DiscoveryRequest, DiscoveryResponse>.StartAsync(http, Protocol.AdsClient.AdsPath, DiscoveryResponse.Parser, r =>
        {
            r.Headers.TryAddWithoutValidation("grpc-encoding", "gzip");
            r.Headers.TryAddWithoutValidation("grpc-accept-encoding", "gzip");
        });

        await call.SendAsync(new DiscoveryRequest { Node = new Envoy.Config.Core.V3.Node { Id = "gz" }, TypeUrl = TypeUrls.Cluster }, gzip: true);
        var response = await call.ReceiveRequiredAsync();

        Assert.Equal(4, response.Resources.Count);
        Assert.Equal("gzip", call.Response.Headers.GetValues("grpc-encoding").Single());
    }

    [Fact]
    public async Task Oversized_message_fails_with_resource_exhausted()
    {
        await using var server = await XdsTestServer.StartAsync(configure: o => o.Transport.MaxReceiveMessageSize = 1024);
        using var http = GrpcTestCall<DiscoveryRequest, DiscoveryResponse>.CreateClient(server.Address);
        await using var call = await GrpcTestCall<DiscoveryRequest, DiscoveryResponse>.StartAsync(http, Protocol.AdsClient.AdsPath, DiscoveryResponse.Parser);
        var request = new DiscoveryRequest { TypeUrl = TypeUrls.ClusterLoadAssignment };
        request.ResourceNames.AddRange(Enumerable.Range(0, 200).Select(i => $"namespace/service-{i}/80"));

        await call.SendAsync(request);

        Assert.Equal("8", await call.ReadStatusAsync());
    }

    [Fact]
    public async Task Non_grpc_requests_are_refused()
    {
        await using var server = await XdsTestServer.StartAsync();
        using var http = GrpcTestCall<DiscoveryRequest, DiscoveryResponse>.CreateClient(server.Address);
        using var request = new HttpRequestMessage(HttpMethod.Post, Protocol.AdsClient.AdsPath) { Content = new StringContent("{}"), Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }
}
