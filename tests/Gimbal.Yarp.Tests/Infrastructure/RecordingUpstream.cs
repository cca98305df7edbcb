using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gimbal.Yarp.Tests.Infrastructure;

/// <summary>One request as an upstream received it.</summary>
public sealed record ReceivedRequest(string Method, string Host, string PathAndQuery, string Body, IReadOnlyDictionary<string, string> Headers);

/// <summary>
/// A real Kestrel upstream on 127.0.0.1 that records every request it receives (Host, path, body,
/// headers) and answers "name:&lt;body length&gt;"; with <c>hold</c>, it records and then never answers.
/// </summary>
public sealed class RecordingUpstream : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedRequest> _received = new();
    private readonly CancellationTokenSource _stopping = new();

    private RecordingUpstream(WebApplication app) => _app = app;

    public int Port { get; private set; }

    public IReadOnlyCollection<ReceivedRequest> Received => _received;

    public static async Task<RecordingUpstream> StartAsync(string name, bool hold = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var upstream = new RecordingUpstream(app);
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            upstream._received.Enqueue(new ReceivedRequest(
                context.Request.Method,
                context.Request.Host.Value ?? string.Empty,
                context.Request.Path + context.Request.QueryString,
                body,
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase)));
            if (hold)
            {
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, upstream._stopping.Token);
                await Task.Delay(Timeout.Infinite, linked.Token).ContinueWith(_ => { }, TaskScheduler.Default);
                return;
            }

            context.Response.Headers["x-upstream"] = name;
            await context.Response.WriteAsync($"{name}:{body.Length}");
        });
        await app.StartAsync();
        upstream.Port = new Uri(app.Urls.First()).Port;
        return upstream;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _stopping.Dispose();
    }
}
