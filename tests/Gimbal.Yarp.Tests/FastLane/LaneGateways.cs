using System.Net;
using Gimbal.Core.Compilation.Annotations;
using Gimbal.Yarp.Tests.Infrastructure;

namespace Gimbal.Yarp.Tests.FastLane;

/// <summary>Manifests and start-up for the fast-lane tests: gateway programs over one upstream service.</summary>
public static class LaneGateways
{
    /// <summary>
    /// Service "lane" at 127.0.0.1:<paramref name="port"/>; shop.test sends every path there; ws.test too, with
    /// websockets allowed on /ws.
    /// </summary>
    public static string Manifests(int port) => LoopbackManifests.Service("team-a", "lane", port)
        + LoopbackManifests.Ingress("team-a", "shop", "shop.test", "lane")
        + $"""
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: ws
          namespace: team-a
          annotations:
            {GimbalAnnotations.WebsocketRoutes}: /ws
        spec:
          ingressClassName: gimbal
          rules:
          - host: ws.test
            http:
              paths:
              - path: /ws
                pathType: Prefix
                backend:
                  service:
                    name: lane
                    port:
                      name: http
              - path: /
                pathType: Prefix
                backend:
                  service:
                    name: lane
                    port:
                      name: http
        ---

        """;

    /// <summary>An Ingress of class gimbal sending every path of <paramref name="host"/> to port http of <paramref name="service"/>, with annotations and optionally TLS.</summary>
    public static string Ingress(string name, string host, string service, IReadOnlyDictionary<string, string> annotations, string? tlsSecret = null) => $"""
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: {name}
          namespace: team-a
          annotations:
        {string.Concat(annotations.Select(a => $"    {a.Key}: \"{a.Value}\"\n"))}spec:
          ingressClassName: gimbal
        {(tlsSecret is null ? string.Empty : $"  tls:\n  - hosts: [{host}]\n    secretName: {tlsSecret}\n")}  rules:
          - host: {host}
            http:
              paths:
              - path: /
                pathType: Prefix
                backend:
                  service:
                    name: {service}
                    port:
                      name: http
        ---

        """;

    /// <summary>Starts the gateway program and waits until <paramref name="host"/> answers 200 on <paramref name="path"/>.</summary>
    public static async Task<GatewayProgram> StartAsync(string manifests, bool fastLane, string host = "shop.test", string path = "/ready")
    {
        var program = await GatewayProgram.StartAsync("app.yaml", manifests, fastLane: fastLane);
        try
        {
            await WaitServedAsync(program, host, path);
            return program;
        }
        catch
        {
            await program.DisposeAsync();
            throw;
        }
    }

    public static Task WaitServedAsync(GatewayProgram program, string host, string path = "/ready") =>
        Eventually.HoldsAsync(
            async () =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{program.App.HttpPort}{path}");
                request.Headers.Host = host;
                using var response = await program.Client.SendAsync(request);
                return response.StatusCode == HttpStatusCode.OK;
            },
            $"{host}{path} served");

    /// <summary>A GET request's bytes: origin-form, HTTP/1.1, the given Host and extra header lines.</summary>
    public static string Get(string path, string host = "shop.test", params string[] headers) => Request("GET", path, host, headers);

    public static string Request(string method, string path, string host, params string[] headers) =>
        $"{method} {path} HTTP/1.1\r\nHost: {host}\r\n" + string.Concat(headers.Select(h => h + "\r\n")) + "\r\n";
}

/// <summary>The same manifests served by two gateway programs, one with the fast lane and one without, each with its counters.</summary>
public sealed class GatewayPair : IAsyncDisposable
{
    private GatewayPair(GatewayProgram fast, GatewayProgram slow)
    {
        Fast = fast;
        Slow = slow;
        FastCounters = new GatewayCounters(fast);
        SlowCounters = new GatewayCounters(slow);
    }

    public GatewayProgram Fast { get; }

    public GatewayProgram Slow { get; }

    public GatewayCounters FastCounters { get; }

    public GatewayCounters SlowCounters { get; }

    public static async Task<GatewayPair> StartAsync(string manifests)
    {
        var fast = await LaneGateways.StartAsync(manifests, fastLane: true);
        try
        {
            return new GatewayPair(fast, await LaneGateways.StartAsync(manifests, fastLane: false));
        }
        catch
        {
            await fast.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        FastCounters.Dispose();
        SlowCounters.Dispose();
        await Fast.DisposeAsync();
        await Slow.DisposeAsync();
    }
}
