using Gimbal.Xds.Hosting;
using Gimbal.Xds.Snapshots;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gimbal.Xds.Tests.Infrastructure;

/// <summary>A real Kestrel xDS server on 127.0.0.1 with a free port.</summary>
internal sealed class XdsTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private XdsTestServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public XdsPublisher Publisher => _app.Services.GetRequiredService<XdsPublisher>();

    public XdsSnapshotCache Cache => _app.Services.GetRequiredService<XdsSnapshotCache>();

    public IServiceProvider Services => _app.Services;

    public static async Task<XdsTestServer> StartAsync(XdsListenOptions? listen = null, Action<XdsOptions>? configure = null, CapturedLogs? logs = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs).SetMinimumLevel(LogLevel.Debug);
        }

        if (Environment.GetEnvironmentVariable("XDS_TEST_LOG") == "1") { builder.Logging.AddConsole().SetMinimumLevel(LogLevel.Debug); }
        builder.Services.AddGimbalXds(configure);
        builder.WebHost.ConfigureKestrel(k => k.ListenGimbalXds(listen ?? new XdsListenOptions { Port = 0 }));
        var app = builder.Build();
        app.MapGimbalXds();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new XdsTestServer(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
    }
}
