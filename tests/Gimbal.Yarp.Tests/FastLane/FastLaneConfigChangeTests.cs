using System.Collections.Concurrent;
using Gimbal.Yarp.Metrics;
using Gimbal.Yarp.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Gimbal.Yarp.Tests.FastLane.LaneGateways;

namespace Gimbal.Yarp.Tests.FastLane;

/// <summary>The fast lane follows route and endpoint changes without failing a request in flight.</summary>
public sealed class FastLaneConfigChangeTests
{
    private const int Connections = 50;
    private const int Changes = 20;
    private const int Requests = 1000;

    [Fact]
    public async Task A_thousand_gets_over_fifty_connections_succeed_while_the_route_table_changes_twenty_times()
    {
        await using var blue = await LaneUpstream.StartAsync("blue");
        await using var green = await LaneUpstream.StartAsync("green");
        await using var program = await StartAsync(Manifests(0, blue.Port), fastLane: true);
        using var counters = new GatewayCounters(program);
        var metrics = program.App.Proxy.Services.GetRequiredService<GimbalYarpMetrics>();
        var failures = new ConcurrentQueue<string>();
        var completed = 0;
        var forwarded = counters.Sum(GatewayCounters.Forwarded);

        var changes = Task.Run(async () =>
        {
            for (var change = 1; change <= Changes; change++)
            {
                var before = metrics.ConfigVersion;
                await ReplaceManifestsAsync(program, Manifests(change, change % 2 == 0 ? blue.Port : green.Port));
                await Eventually.HoldsAsync(() => Task.FromResult(metrics.ConfigVersion > before), $"change {change} applied");
            }
        });
        var clients = Enumerable.Range(0, Connections).Select(c => Task.Run(async () =>
        {
            await using var connection = await RawHttpConnection.OpenAsync(program.App.HttpPort);
            for (var i = 0; !changes.IsCompleted || i < Requests / Connections; i++)
            {
                try
                {
                    var response = await connection.ExchangeAsync(Get($"/item/{c}/{i}"));
                    var upstream = response.Header("x-upstream");
                    if (response.Status != 200 || upstream is not ("blue" or "green") || response.Text != $"{upstream} GET /item/{c}/{i} 0")
                    {
                        failures.Enqueue($"connection {c} request {i}: {response.Status} {upstream} '{response.Text}'");
                    }
                }
                catch (Exception ex) when (ex is IOException or TimeoutException or System.Net.Sockets.SocketException)
                {
                    failures.Enqueue($"connection {c} request {i}: {ex.Message}");
                    return;
                }

                Interlocked.Increment(ref completed);
            }
        })).ToArray();

        await changes;
        await Task.WhenAll(clients);

        Assert.Empty(failures);
        Assert.True(completed >= Requests, $"{completed} requests");
        await counters.GrewAsync(forwarded, GatewayCounters.Forwarded);
        await using var last = await RawHttpConnection.OpenAsync(program.App.HttpPort);
        Assert.Equal("blue", (await last.ExchangeAsync(Get("/last"))).Header("x-upstream"));
        Assert.Equal(200, (await last.ExchangeAsync(Get("/", $"extra-{Changes}.test"))).Status);
    }

    /// <summary>shop.test on the service "lane" at <paramref name="port"/>, plus a route for extra-<paramref name="change"/>.test, so every change alters both tables.</summary>
    private static string Manifests(int change, int port) =>
        LoopbackManifests.Service("team-a", "lane", port)
        + LoopbackManifests.Ingress("team-a", "shop", "shop.test", "lane")
        + LoopbackManifests.Ingress("team-a", $"extra-{change}", $"extra-{change}.test", "lane");

    /// <summary>Replaces the manifest file by a rename, so the folder watcher never reads a half-written file.</summary>
    private static async Task ReplaceManifestsAsync(GatewayProgram program, string manifests)
    {
        var temporary = Path.Combine(program.Folder, ".app.yaml.next");
        await File.WriteAllTextAsync(temporary, manifests);
        File.Move(temporary, Path.Combine(program.Folder, "app.yaml"), overwrite: true);
    }
}
