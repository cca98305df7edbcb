using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using Gimbal.Yarp.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Gimbal.Yarp.Tests.FastLane;

/// <summary>
/// A real Kestrel upstream for the fast-lane tests: records every request, and answers with the kinds of responses a
/// proxy has to relay byte-exactly. Default: 200 with Content-Length and "name METHOD path+query bodyLength".
/// <list type="bullet">
/// <item>/chunked, /big-chunked: no Content-Length (Kestrel sends chunked), several flushes;</item>
/// <item>/big: <see cref="BigLength"/> bytes of <see cref="Pattern"/> with Content-Length; /huge: <see cref="HugeLength"/> bytes;</item>
/// <item>/headers: repeated and custom response headers; /hop: hop-by-hop and proxy response headers;</item>
/// <item>/sized: Content-Length 42 (for HEAD); /status/{code}: that status; /ws: a websocket echo;</item>
/// <item>/big-head/{n}: n response headers of 1000 bytes each;</item>
/// <item>/hold/{key}: waits for <see cref="Release"/> of that key (or for the gateway to go away).</item>
/// </list>
/// </summary>
public sealed class LaneUpstream : IAsyncDisposable
{
    public const int BigLength = 2 * 1024 * 1024;
    public const int HugeLength = 64 * 1024 * 1024;

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedRequest> _received = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _holds = new();
    private int _holdsAborted;

    private LaneUpstream(WebApplication app, string name)
    {
        _app = app;
        Name = name;
    }

    public string Name { get; }

    public int Port { get; private set; }

    public IReadOnlyCollection<ReceivedRequest> Received => _received;

    /// <summary>Requests on /hold/{key} whose client (the gateway) went away while they waited.</summary>
    public int HoldsAborted => Volatile.Read(ref _holdsAborted);

    /// <summary>Lets the requests on /hold/<paramref name="key"/> (now and later) answer "held key".</summary>
    public void Release(string key) => Hold(key).TrySetResult();

    /// <summary>The byte at <paramref name="offset"/> of the large bodies (a prime period, so shifted or lost bytes show).</summary>
    public static byte Pattern(long offset) => (byte)(offset % 251);

    public static string ChunkedBody => string.Concat(Enumerable.Range(0, 5).Select(i => $"part-{i}:" + new string((char)('a' + i), 3000) + "\n"));

    public static async Task<LaneUpstream> StartAsync(string name)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var upstream = new LaneUpstream(app, name);
        app.UseWebSockets();
        app.Run(upstream.HandleAsync);
        await app.StartAsync();
        upstream.Port = new Uri(app.Urls.First()).Port;
        return upstream;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext c)
    {
        using var reader = new StreamReader(c.Request.Body);
        var body = await reader.ReadToEndAsync(c.RequestAborted);
        _received.Enqueue(new ReceivedRequest(
            c.Request.Method,
            c.Request.Host.Value ?? string.Empty,
            c.Request.Path + c.Request.QueryString,
            body,
            c.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase)));
        c.Response.Headers["x-upstream"] = Name;
        var path = c.Request.Path.Value ?? "/";
        try
        {
            switch (path)
            {
                case "/ws":
                    await EchoWebSocketAsync(c);
                    return;
                case "/chunked":
                    c.Response.ContentType = "text/plain";
                    foreach (var part in ChunkedBody.Split('\n', StringSplitOptions.RemoveEmptyEntries))
                    {
                        await c.Response.WriteAsync(part + "\n", c.RequestAborted);
                        await c.Response.Body.FlushAsync(c.RequestAborted);
                    }

                    return;
                case "/big":
                    c.Response.ContentLength = BigLength;
                    await WritePatternAsync(c, BigLength, flushEach: false);
                    return;
                case "/big-chunked":
                    await WritePatternAsync(c, BigLength, flushEach: true);
                    return;
                case "/huge":
                    c.Response.ContentLength = HugeLength;
                    await WritePatternAsync(c, HugeLength, flushEach: false);
                    return;
                case "/headers":
                    c.Response.Headers.Append("Set-Cookie", "a=1; Path=/");
                    c.Response.Headers.Append("Set-Cookie", "b=2; Path=/; HttpOnly");
                    c.Response.Headers["Cache-Control"] = "no-store";
                    c.Response.Headers["X-Custom"] = "one, two";
                    c.Response.Headers["ETag"] = "\"v7\"";
                    c.Response.Headers["Vary"] = "Accept-Encoding";
                    c.Response.StatusCode = 201;
                    await WriteTextAsync(c, "created");
                    return;
                case "/hop":
                    c.Response.Headers["Keep-Alive"] = "timeout=5, max=100";
                    c.Response.Headers["Proxy-Connection"] = "keep-alive";
                    c.Response.Headers["Proxy-Authenticate"] = "Basic realm=\"upstream\"";
                    c.Response.Headers["Alt-Svc"] = "h3=\":443\"";
                    c.Response.Headers["Trailer"] = "X-Checksum";
                    c.Response.Headers["X-Kept"] = "yes";
                    await WriteTextAsync(c, "hop");
                    return;
                case "/sized":
                    c.Response.ContentLength = 42;
                    c.Response.ContentType = "application/octet-stream";
                    await c.Response.Body.WriteAsync(Enumerable.Repeat((byte)'x', 42).ToArray(), c.RequestAborted);
                    return;
            }

            if (path.StartsWith("/hold/", StringComparison.Ordinal))
            {
                var key = path["/hold/".Length..];
                try
                {
                    await Hold(key).Task.WaitAsync(c.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    Interlocked.Increment(ref _holdsAborted);
                    return;
                }

                await WriteTextAsync(c, $"held {key}");
                return;
            }

            if (path.StartsWith("/big-head/", StringComparison.Ordinal))
            {
                for (var i = 0; i < int.Parse(path["/big-head/".Length..], CultureInfo.InvariantCulture); i++)
                {
                    c.Response.Headers[$"X-Pad-{i}"] = new string((char)('a' + (i % 26)), 1000);
                }

                await WriteTextAsync(c, "big head");
                return;
            }

            if (path.StartsWith("/status/", StringComparison.Ordinal))
            {
                c.Response.StatusCode = int.Parse(path["/status/".Length..], CultureInfo.InvariantCulture);
                c.Response.Headers["ETag"] = "\"v1\"";
                if (c.Response.StatusCode is not (204 or 304))
                {
                    await WriteTextAsync(c, $"status {c.Response.StatusCode}");
                }

                return;
            }

            await WriteTextAsync(c, $"{Name} {c.Request.Method} {c.Request.Path}{c.Request.QueryString} {body.Length}");
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            // The client (the gateway) went away mid-response: some tests do that on purpose.
        }
    }

    private TaskCompletionSource Hold(string key) => _holds.GetOrAdd(key, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    private static Task WriteTextAsync(HttpContext c, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        c.Response.ContentLength = bytes.Length;
        c.Response.ContentType ??= "text/plain";
        return c.Response.Body.WriteAsync(bytes, c.RequestAborted).AsTask();
    }

    private static async Task WritePatternAsync(HttpContext c, int length, bool flushEach)
    {
        var block = new byte[64 * 1024];
        for (var offset = 0; offset < length; offset += block.Length)
        {
            var n = Math.Min(block.Length, length - offset);
            for (var i = 0; i < n; i++)
            {
                block[i] = Pattern(offset + i);
            }

            await c.Response.Body.WriteAsync(block.AsMemory(0, n), c.RequestAborted);
            if (flushEach)
            {
                await c.Response.Body.FlushAsync(c.RequestAborted);
            }
        }
    }

    private async Task EchoWebSocketAsync(HttpContext c)
    {
        if (!c.WebSockets.IsWebSocketRequest)
        {
            c.Response.StatusCode = 400;
            return;
        }

        using var socket = await c.WebSockets.AcceptWebSocketAsync();
        var buffer = new byte[1024];
        var received = await socket.ReceiveAsync(buffer, c.RequestAborted);
        var reply = Encoding.UTF8.GetBytes($"{Name}:" + Encoding.UTF8.GetString(buffer, 0, received.Count));
        await socket.SendAsync(reply, WebSocketMessageType.Text, true, c.RequestAborted);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, c.RequestAborted);
    }
}
