using System.Net;
using Gimbal.Hosting.Health;

namespace Gimbal.Gateway.Demo;

/// <summary>
/// The quickstart's upstreams, in process: one small Kestrel server per demo "upstream cluster",
/// answering which one served the request. Prints ready-to-paste curl commands once the gateway is ready.
/// </summary>
internal sealed partial class DemoUpstreams(DemoSettings settings, GimbalReadiness readiness, ILogger<DemoUpstreams> logger) : BackgroundService
{
    private readonly List<WebApplication> _servers = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        foreach (var (name, port) in settings.Gateway.DemoUpstreams)
        {
            _servers.Add(await StartAsync(name, port, stoppingToken));
            LogUpstream(name, port);
        }

        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        while (!readiness.IsReady && await tick.WaitForNextTickAsync(stoppingToken))
        {
        }

        Console.WriteLine(DemoBanner.Render(settings));
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        foreach (var server in _servers)
        {
            await server.StopAsync(cancellationToken);
            await server.DisposeAsync();
        }
    }

    private static async Task<WebApplication> StartAsync(string name, int port, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        app.Map("/{**path}", (HttpContext context) =>
        {
            context.Response.Headers["x-served-by"] = name;
            return Results.Text($"served by upstream cluster {name} (127.0.0.1:{port}): {context.Request.Method} {context.Request.Path}{context.Request.QueryString}\n");
        });
        await app.StartAsync(cancellationToken);
        return app;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo upstream cluster {Name} listening on 127.0.0.1:{Port}")]
    private partial void LogUpstream(string name, int port);
}
