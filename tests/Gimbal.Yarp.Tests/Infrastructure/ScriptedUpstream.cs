using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Gimbal.Yarp.Tests.Infrastructure;

/// <summary>
/// A real Kestrel upstream that answers the scripted statuses in order, then 200 ("name ok").
/// <see cref="ReadyPath"/> always answers 200 and counts as no request, so tests can wait for a config.
/// </summary>
public sealed class ScriptedUpstream : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<int> _script;
    private int _requests;

    private ScriptedUpstream(WebApplication app, IEnumerable<int> script)
    {
        _app = app;
        _script = new ConcurrentQueue<int>(script);
    }

    public const string ReadyPath = "/ready";

    public int Port { get; private set; }

    public int Requests => Volatile.Read(ref _requests);

    public static async Task<ScriptedUpstream> StartAsync(string name, params int[] statuses)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var upstream = new ScriptedUpstream(app, statuses);
        app.Run(async c =>
        {
            if (c.Request.Path == ReadyPath)
            {
                await c.Response.WriteAsync("ready");
                return;
            }

            Interlocked.Increment(ref upstream._requests);
            var status = upstream._script.TryDequeue(out var scripted) ? scripted : 200;
            c.Response.StatusCode = status;
            c.Response.Headers["x-upstream"] = name;
            await c.Response.WriteAsync(status == 200 ? $"{name} ok" : $"{name} failed with {status}");
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
