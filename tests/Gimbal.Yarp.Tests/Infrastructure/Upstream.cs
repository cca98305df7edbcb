using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gimbal.Yarp.Tests.Infrastructure;

/// <summary>
/// A real Kestrel upstream on 127.0.0.1: answers "name path protocol" on every path, a health
/// endpoint that can be made to fail, and a websocket echo on /ws.
/// </summary>
public sealed class Upstream : IAsyncDisposable
{
    private readonly WebApplication _app;
    private volatile bool _healthy = true;
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _requests;
    private int _held;
    private int _healthyAnswers;
    private string? _lastHealthHost;

    private Upstream(WebApplication app, string name)
    {
        _app = app;
        Name = name;
    }

    public string Name { get; }

    public int Port { get; private set; }

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Requests waiting on /hold.</summary>
    public int Held => Volatile.Read(ref _held);

    /// <summary>Health probes answered 200.</summary>
    public int HealthyAnswers => Volatile.Read(ref _healthyAnswers);

    /// <summary>The Host header of the last health probe.</summary>
    public string? LastHealthHost => Volatile.Read(ref _lastHealthHost);

    /// <summary>Lets every request on /hold (now and later) complete.</summary>
    public void Release() => _release.TrySetResult();

    public bool Healthy
    {
        get => _healthy;
        set => _healthy = value;
    }

    public static async Task<Upstream> StartAsync(string name, HttpProtocols protocols = HttpProtocols.Http1AndHttp2, X509Certificate2? certificate = null, int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port, l =>
        {
            l.Protocols = protocols;
            if (certificate is not null)
            {
                l.UseHttps(certificate);
            }
        }));
        var app = builder.Build();
        var upstream = new Upstream(app, name);
        app.UseWebSockets();
        app.Map("/healthz", (HttpContext c) =>
        {
            Volatile.Write(ref upstream._lastHealthHost, c.Request.Host.Value);
            if (!upstream._healthy)
            {
                return Results.StatusCode(503);
            }

            Interlocked.Increment(ref upstream._healthyAnswers);
            return Results.Text("ok");
        });
        app.Map("/ws", async (HttpContext c) =>
        {
            if (!c.WebSockets.IsWebSocketRequest)
            {
                c.Response.StatusCode = 400;
                return;
            }

            using var socket = await c.WebSockets.AcceptWebSocketAsync();
            var buffer = new byte[1024];
            var received = await socket.ReceiveAsync(buffer, c.RequestAborted);
            var reply = System.Text.Encoding.UTF8.GetBytes($"{name}:" + System.Text.Encoding.UTF8.GetString(buffer, 0, received.Count));
            await socket.SendAsync(reply, System.Net.WebSockets.WebSocketMessageType.Text, true, c.RequestAborted);
            await socket.CloseAsync(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, null, c.RequestAborted);
        });
        app.Map("/hold", async (HttpContext c) =>
        {
            Interlocked.Increment(ref upstream._held);
            await upstream._release.Task.WaitAsync(c.RequestAborted);
            c.Response.Headers["x-upstream"] = name;
            await c.Response.WriteAsync($"{name} held");
        });
        app.Map("/{**path}", async (HttpContext c) =>
        {
            Interlocked.Increment(ref upstream._requests);
            c.Response.Headers["x-upstream"] = name;
            c.Response.Headers["x-request-host"] = c.Request.Host.Value;
            foreach (var header in c.Request.Headers.Where(h => h.Key.StartsWith("x-forwarded-", StringComparison.OrdinalIgnoreCase)))
            {
                c.Response.Headers["x-seen-" + header.Key[2..].ToLowerInvariant()] = header.Value;
            }

            foreach (var header in c.Request.Headers.Where(h => h.Key.StartsWith("x-echo-", StringComparison.OrdinalIgnoreCase)))
            {
                c.Response.Headers["x-seen-" + header.Key[7..]] = header.Value;
            }

            await c.Response.WriteAsync($"{name} {c.Request.Path}{c.Request.QueryString} {c.Request.Protocol}");
        });
        await app.StartAsync();
        upstream.Port = new Uri(app.Urls.First()).Port;
        return upstream;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
