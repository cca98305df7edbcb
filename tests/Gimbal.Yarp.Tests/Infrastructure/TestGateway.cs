using System.Net;
using Gimbal.Core.Routing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gimbal.Yarp.Tests.Infrastructure;

/// <summary>An in-process YARP gateway fed by Gimbal tables, with real plain and TLS listeners on 127.0.0.1.</summary>
public sealed class TestGateway : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestGateway(WebApplication app) => _app = app;

    public int HttpPort { get; private set; }

    public int HttpsPort { get; private set; }

    public GimbalYarpDataPlane DataPlane => _app.Services.GetRequiredService<GimbalYarpDataPlane>();

    public Gimbal.Yarp.Tls.GimbalCertificateSelector Certificates => _app.Services.GetRequiredService<Gimbal.Yarp.Tls.GimbalCertificateSelector>();

    public IServiceProvider Services => _app.Services;

    public HttpClient CreateClient() => new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromSeconds(5), AllowAutoRedirect = false, UseCookies = false })
    {
        BaseAddress = new Uri($"http://127.0.0.1:{HttpPort}"),
        Timeout = TimeSpan.FromSeconds(30),
    };

    public static async Task<TestGateway> StartAsync(Action<GimbalYarpOptions>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        if (Environment.GetEnvironmentVariable("GIMBAL_TEST_LOGS") == "1")
        {
            builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Debug);
        }
        builder.Services.AddGimbalYarp(configure);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, 0);
            k.Listen(IPAddress.Loopback, 0, l => l.UseGimbalTls(k.ApplicationServices.GetRequiredService<Gimbal.Yarp.Tls.GimbalCertificateSelector>()));
        });
        var app = builder.Build();
        app.UseGimbalYarp();
        await app.StartAsync();
        var urls = app.Urls.Select(u => new Uri(u)).ToList();
        return new TestGateway(app)
        {
            HttpPort = urls.First(u => u.Scheme == "http").Port,
            HttpsPort = urls.First(u => u.Scheme == "https").Port,
        };
    }

    /// <summary>Applies the tables and waits until YARP serves the given probe as expected.</summary>
    public void Apply(RouteTable routes, EndpointTable endpoints) => DataPlane.Apply(routes, endpoints);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
