using Gimbal.Core.Compilation.Annotations;
using Gimbal.Yarp.Tests.Infrastructure;
using static Gimbal.Yarp.Tests.FastLane.LaneGateways;

namespace Gimbal.Yarp.Tests.FastLane;

/// <summary>The fast lane picks destinations from YARP's cluster state: health checks eject and restore, weights split.</summary>
public sealed class FastLaneDestinationTests
{
    [Fact]
    public async Task Health_checks_eject_and_restore_destinations_on_the_fast_lane()
    {
        await using var blue = await Upstream.StartAsync("blue");
        await using var green = await Upstream.StartAsync("green");
        var service = new Dictionary<string, string>
        {
            [GimbalAnnotations.HealthCheckPath] = "/healthz",
            [GimbalAnnotations.HealthCheckInterval] = "200ms",
            [GimbalAnnotations.HealthCheckHealthyThreshold] = "1",
            [GimbalAnnotations.HealthCheckUnhealthyThreshold] = "1",
        };
        await using var program = await StartAsync(
            TwoEndpoints("pair", blue.Port, green.Port, service, []) + LoopbackManifests.Ingress("team-a", "shop", "shop.test", "pair"), fastLane: true, path: "/");
        using var counters = new GatewayCounters(program);
        await Eventually.HoldsAsync(async () => (await UpstreamsAsync(program, 10)).SetEquals(["blue", "green"]), "both destinations serve");

        green.Healthy = false;
        await Eventually.HoldsAsync(async () => (await UpstreamsAsync(program, 20)).SetEquals(["blue"]), "green ejected");
        var forwarded = counters.Sum(GatewayCounters.Forwarded);
        Assert.Equal(["blue"], await UpstreamsAsync(program, 50));
        Assert.True(counters.Sum(GatewayCounters.Forwarded) >= forwarded + 50, $"fast lane served {counters.Sum(GatewayCounters.Forwarded) - forwarded} of 50 (handoffs: {counters.HandoffReasons()})");

        green.Healthy = true;
        await Eventually.HoldsAsync(async () => (await UpstreamsAsync(program, 10)).SetEquals(["blue", "green"]), "green restored");
    }

    [Fact]
    public async Task Endpoint_weights_split_fast_lane_traffic()
    {
        await using var blue = await Upstream.StartAsync("blue");
        await using var green = await Upstream.StartAsync("green");
        var weights = new Dictionary<string, string> { [GimbalAnnotations.MemberWeights] = $"127.0.0.1:{blue.Port}=9,127.0.0.1:{green.Port}=1" };
        await using var program = await StartAsync(
            TwoEndpoints("pair", blue.Port, green.Port, [], weights) + LoopbackManifests.Ingress("team-a", "shop", "shop.test", "pair"), fastLane: true, path: "/");
        using var counters = new GatewayCounters(program);
        var forwarded = counters.Sum(GatewayCounters.Forwarded);

        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(async c =>
        {
            await using var connection = await RawHttpConnection.OpenAsync(program.App.HttpPort);
            var upstreams = new List<string?>();
            for (var i = 0; i < 100; i++)
            {
                upstreams.Add((await connection.ExchangeAsync(Get($"/split/{c}/{i}"))).Header("x-upstream"));
            }

            return upstreams;
        }));

        var blueShare = answers.SelectMany(a => a).Count(u => u == "blue");
        Assert.Equal(1000, answers.SelectMany(a => a).Count(u => u is "blue" or "green"));
        Assert.InRange(blueShare, 840, 960);
        Assert.True(counters.Sum(GatewayCounters.Forwarded) >= forwarded + 1000, $"fast lane served {counters.Sum(GatewayCounters.Forwarded) - forwarded} of 1000 (handoffs: {counters.HandoffReasons()})");
    }

    /// <summary>The x-upstream of <paramref name="count"/> GETs, each on a new connection (so each meets the fast lane first); the status when not 200.</summary>
    private static async Task<HashSet<string>> UpstreamsAsync(GatewayProgram program, int count)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            await using var connection = await RawHttpConnection.OpenAsync(program.App.HttpPort);
            var response = await connection.ExchangeAsync(Get($"/pick/{i}"));
            seen.Add(response.Status == 200 ? response.Header("x-upstream") ?? "?" : $"{response.Status}");
        }

        return seen;
    }

    /// <summary>A Service (port 80, named http) whose Endpoints are 127.0.0.1 at two ports, with annotations on each.</summary>
    private static string TwoEndpoints(string name, int first, int second, Dictionary<string, string> service, Dictionary<string, string> endpoints) => $"""
        apiVersion: v1
        kind: Service
        metadata:
          name: {name}
          namespace: team-a
          annotations:
        {Annotations(service)}spec:
          ports:
          - name: http
            port: 80
        ---
        apiVersion: v1
        kind: Endpoints
        metadata:
          name: {name}
          namespace: team-a
          annotations:
        {Annotations(endpoints)}subsets:
        - addresses:
          - ip: 127.0.0.1
          ports:
          - name: http
            port: {first}
        - addresses:
          - ip: 127.0.0.1
          ports:
          - name: http
            port: {second}
        ---

        """;

    private static string Annotations(Dictionary<string, string> annotations) => string.Concat(annotations.Select(a => $"    {a.Key}: \"{a.Value}\"\n"));
}
