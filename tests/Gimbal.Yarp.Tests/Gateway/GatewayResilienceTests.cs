using System.Net;
using Gimbal.Yarp.Tests.Infrastructure;

namespace Gimbal.Yarp.Tests.Gateway;

/// <summary>Retry and timeout annotations on Ingresses, from manifests on disk through the gateway program to real upstreams.</summary>
public sealed class GatewayResilienceTests : IAsyncLifetime
{
    private ScriptedUpstream _flaky = null!;
    private StallingUpstream _stalling = null!;
    private GatewayProgram _program = null!;

    public async Task InitializeAsync()
    {
        _flaky = await ScriptedUpstream.StartAsync("flaky", 503, 502);
        _stalling = new StallingUpstream();
        _program = await GatewayProgram.StartAsync("app.yaml", Manifests());
        await Eventually.HoldsAsync(async () => (await SendAsync("retry.test", ScriptedUpstream.ReadyPath)).IsSuccessStatusCode, "gateway serves the routes");
    }

    public async Task DisposeAsync()
    {
        await _program.DisposeAsync();
        await _flaky.DisposeAsync();
        await _stalling.DisposeAsync();
    }

    [Fact]
    public async Task An_ingress_with_retry_annotations_hides_upstream_5xx_answers()
    {
        using var response = await SendAsync("retry.test", "/cart");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("flaky ok", await response.Content.ReadAsStringAsync());
        Assert.Equal(3, _flaky.Requests);
    }

    [Fact]
    public async Task An_ingress_with_an_idle_timeout_answers_504_for_a_silent_upstream()
    {
        using var response = await SendAsync("idle.test", "/");

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
    }

    private async Task<HttpResponseMessage> SendAsync(string host, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{_program.App.HttpPort}{path}");
        request.Headers.Host = host;
        return await _program.Client.SendAsync(request);
    }

    private string Manifests() => $"""
        apiVersion: v1
        kind: Namespace
        metadata:
          name: team-a
        ---
        {LoopbackManifests.Service("team-a", "flaky", _flaky.Port)}
        ---
        {LoopbackManifests.Service("team-a", "stalling", _stalling.Port)}
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: retry
          namespace: team-a
          annotations:
            gimbal.projectcontour.io/retry-count: "2"
            gimbal.projectcontour.io/retry-on: "5xx"
        spec:
          ingressClassName: gimbal
          rules:
          - host: retry.test
            http:
              paths:
              - path: /
                pathType: Prefix
                backend:
                  service:
                    name: flaky
                    port:
                      name: http
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: idle
          namespace: team-a
          annotations:
            gimbal.projectcontour.io/idle-timeout: "500ms"
        spec:
          ingressClassName: gimbal
          rules:
          - host: idle.test
            http:
              paths:
              - path: /
                pathType: Prefix
                backend:
                  service:
                    name: stalling
                    port:
                      name: http
        """;
}
