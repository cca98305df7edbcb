using System.Text.Json;
using Gimbal.Core.Collections;
using Gimbal.Core.Routing;
using Gimbal.Xds.Tests.Infrastructure;

namespace Gimbal.Xds.Tests.EndToEnd;

/// <summary>
/// The real @grpc/grpc-js-xds client resolves xds:///echo.test through Gimbal and calls Node gRPC
/// servers on loopback: routing per path, round robin, endpoint changes, and host removal.
/// </summary>
public sealed class GrpcXdsClientTests
{
    private const string Host = "echo.test";
    private const string Target = "xds:///" + Host;

    [Fact]
    public async Task Grpc_js_xds_routes_calls_through_gimbal_config()
    {
        await using var server = await XdsTestServer.StartAsync();
        await using var backends = NodeProcess.Start("servers.js", ["a1", "a2", "a3", "b1"]);
        var ports = JsonSerializer.Deserialize<Dictionary<string, int>>(await backends.ReadLineAsync())!;

        var echo = SampleTables.Cluster("demo", "echo", 50051);
        var other = SampleTables.Cluster("demo", "other", 50051);
        var table = new RouteTable
        {
            Clusters = EquatableArray.Create(echo, other),
            VirtualHosts = EquatableArray.Create(new VirtualHost
            {
                Name = Host,
                Routes = EquatableArray.Create(SampleTables.Forward("/demo.Other/", other.Name), SampleTables.Forward("/", echo.Name)),
            }),
        };
        EndpointTable Endpoints(params string[] echoBackends) => EndpointTable.Create(
        [
            SampleTables.Endpoints(echo.Name, [.. echoBackends.Select(n => ("127.0.0.1", ports[n]))]),
            SampleTables.Endpoints(other.Name, ("127.0.0.1", ports["b1"])),
        ]);
        server.Publisher.Publish(table, Endpoints("a1", "a2"));

        var bootstrap = Path.Combine(Path.GetTempPath(), $"gimbal-xds-bootstrap-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(bootstrap, JsonSerializer.Serialize(new
        {
            xds_servers = new[] { new { server_uri = $"127.0.0.1:{server.Address.Port}", channel_creds = new[] { new { type = "insecure" } }, server_features = new[] { "xds_v3" } } },
            node = new { id = "grpc-node-e2e", cluster = "e2e", locality = new { } },
        }));
        try
        {
            await using var client = NodeProcess.Start("client.js", [], new Dictionary<string, string> { ["GRPC_XDS_BOOTSTRAP"] = bootstrap });

            // Per-path routing and round robin across the echo endpoints.
            var echoCalls = await CallAsync(client, "demo.Echo", 8);
            Assert.Null(echoCalls.Error);
            Assert.Equal(["a1", "a2"], echoCalls.Names.Distinct().Order());
            var otherCalls = await CallAsync(client, "demo.Other", 3);
            Assert.Equal(["b1", "b1", "b1"], otherCalls.Names);

            // An endpoint added mid-run gets traffic; a removed one stops getting it.
            server.Publisher.PublishEndpoints(Endpoints("a1", "a2", "a3"));
            await Eventually(client, r => r.Names.Contains("a3"));
            server.Publisher.PublishEndpoints(Endpoints("a2", "a3"));
            var after = await Eventually(client, r => r.Error is null && r.Names.Count == 8 && !r.Names.Contains("a1"));
            Assert.Equal(["a2", "a3"], after.Names.Distinct().Order());

            // A removed host stops resolving.
            server.Publisher.Publish(RouteTable.Empty, EndpointTable.Empty);
            var failed = await Eventually(client, r => r.Error is not null && r.Names.Count == 0);
            Assert.StartsWith("14:", failed.Error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(bootstrap);
        }
    }

    private sealed record CallResult(List<string> Names, string? Error);

    private static async Task<CallResult> CallAsync(NodeProcess client, string service, int count)
    {
        await client.WriteLineAsync(JsonSerializer.Serialize(new { target = Target, service, count }));
        using var reply = JsonDocument.Parse(await client.ReadLineAsync());
        var names = reply.RootElement.GetProperty("names").EnumerateArray().Select(n => n.GetString()!).ToList();
        var error = reply.RootElement.TryGetProperty("error", out var e) ? e.GetString() : null;
        return new CallResult(names, error);
    }

    private static async Task<CallResult> Eventually(NodeProcess client, Func<CallResult, bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var result = await CallAsync(client, "demo.Echo", 8);
            if (condition(result))
            {
                return result;
            }

            Assert.True(DateTime.UtcNow < deadline, $"condition not met in 30 s; last: [{string.Join(',', result.Names)}] {result.Error}\n{client.StandardError}");
        }
    }
}
