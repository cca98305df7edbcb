using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gimbal.Gateway.Demo;
using Gimbal.Hosting.Health;
using Gimbal.Hosting.Metrics;
using Gimbal.Hosting.Routing;
using Gimbal.Yarp;
using Gimbal.Yarp.Tls;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Gimbal.Gateway;

/// <summary>
/// The gateway: source → compiler → YARP on the HTTP and HTTPS listeners, and a separate small
/// admin server for /healthz, /readyz and /metrics, so those paths never shadow a team's routes.
/// </summary>
public sealed class GatewayApplication : IAsyncDisposable
{
    private GatewayApplication(WebApplication proxy, WebApplication admin)
    {
        Proxy = proxy;
        Admin = admin;
    }

    public WebApplication Proxy { get; }

    public WebApplication Admin { get; }

    public static GatewayApplication Build(GatewayOptions options, Action<ILoggingBuilder>? logging = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        (logging ?? (l => l.AddGimbalConsole()))(builder.Logging);
        // ASP.NET Core starts an Activity for every request whenever its hosting category logs at
        // all (to put trace ids into log scopes); the gateway never logs per request, so that
        // category stays off and requests cost no Activity.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        var manifests = options.Manifests ?? (options.Demo ? QuickstartFolder.Locate() : null);
        builder.Services.AddGimbalHosting(
            s =>
            {
                s.Manifests = manifests;
                s.Kubeconfig = options.Kubeconfig;
                s.Context = options.Context;
                s.InCluster = options.InCluster;
                s.Namespace = options.Namespace;
                s.HttpProxies = options.HttpProxies;
            },
            new HostRouteSettings
            {
                IngressClass = options.IngressClass,
                RootNamespaces = options.RootNamespaces,
                FallbackCertificate = options.FallbackCertificate,
                IngressStatusAddress = options.IngressStatusAddress,
            });

        builder.Services.AddGimbalYarp(o =>
        {
            o.HttpsRedirectPort = options.HttpsRedirectPort ?? (options.Https.Port == 0 ? 443 : options.Https.Port);
            o.UnknownSni = options.RejectUnknownSni ? UnknownSniBehavior.RejectHandshake : UnknownSniBehavior.FallbackCertificate;
        });
        builder.Services.AddSingleton<IRouteTableSink, YarpRouteTableSink>();
        if (options.Demo)
        {
            builder.Services.AddSingleton(new DemoSettings(options, manifests!));
            builder.Services.AddHostedService<DemoUpstreams>();
        }

        if (options.InlineIo)
        {
            UseInlineIo(builder.WebHost);
        }

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            if (options.FastLane)
            {
                kestrel.ListenGimbalFastLane(options.Http, l => l.Protocols = HttpProtocols.Http1);
            }
            else
            {
                kestrel.Listen(options.Http, l => l.Protocols = HttpProtocols.Http1);
            }

            kestrel.Listen(options.Https, l => l.UseGimbalTls(kestrel.ApplicationServices.GetRequiredService<GimbalCertificateSelector>()));
        });

        var proxy = builder.Build();
        if (!options.RejectUnknownSni)
        {
            proxy.Services.GetRequiredService<GimbalCertificateSelector>().SetFallback(FallbackCertificate());
        }

        proxy.UseGimbalYarp();
        return new GatewayApplication(proxy, BuildAdmin(options, proxy.Services, logging));
    }

    public int HttpPort => PortOf(Proxy, "http");

    public int HttpsPort => PortOf(Proxy, "https");

    public int AdminPort => PortOf(Admin, "http");

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await Proxy.StartAsync(cancellationToken);
        await Admin.StartAsync(cancellationToken);
    }

    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await Admin.StopAsync(cancellationToken);
        await Proxy.StopAsync(cancellationToken);
    }

    /// <summary>Runs until <paramref name="cancellationToken"/> fires or the process is asked to stop.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await StartAsync(cancellationToken);
        await Proxy.WaitForShutdownAsync(cancellationToken);
        await StopAsync(CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await Admin.DisposeAsync();
        await Proxy.DisposeAsync();
    }

    private static void UseInlineIo(IWebHostBuilder host)
    {
        // Read once by the socket engine on the process's first asynchronous socket operation: it covers the
        // upstream HttpClient sockets too, but only when set before anything in the process used a socket.
        Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");
        host.UseSockets(o => o.UnsafePreferInlineScheduling = true);
    }

    private static WebApplication BuildAdmin(GatewayOptions options, IServiceProvider proxyServices, Action<ILoggingBuilder>? logging)
    {
        var builder = WebApplication.CreateSlimBuilder();
        (logging ?? (l => l.AddGimbalConsole()))(builder.Logging);
        builder.Services.AddSingleton(proxyServices.GetRequiredService<PrometheusExporter>());
        builder.Services.AddSingleton(proxyServices.GetRequiredService<GimbalReadiness>());
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(options.Admin);
        });
        var admin = builder.Build();
        admin.MapGimbalHostEndpoints();
        return admin;
    }

    private static int PortOf(WebApplication app, string scheme) =>
        app.Urls.Select(u => new Uri(u)).First(u => u.Scheme == scheme).Port;

    /// <summary>What unknown SNI names get: a throwaway self-signed certificate, like Envoy's listeners without a match.</summary>
    private static X509Certificate2 FallbackCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=gimbal-fallback", key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), password: null);
    }
}
