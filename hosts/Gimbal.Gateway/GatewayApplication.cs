using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gimbal.Core.Compilation;
using Gimbal.Gateway.Demo;
using Gimbal.Hosting.Routing;
using Gimbal.Yarp;
using Gimbal.Yarp.Tls;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Gimbal.Gateway;

/// <summary>Wires the gateway: source → compiler → YARP, the listeners, and the admin endpoints.</summary>
public static class GatewayApplication
{
    public static WebApplication Build(GatewayOptions options, string[]? args = null)
    {
        var builder = WebApplication.CreateSlimBuilder(args ?? []);
        builder.Logging.AddGimbalConsole();
        var manifests = options.Manifests ?? QuickstartFolder.Locate();
        builder.Services.AddGimbalHosting(s => s.Manifests = manifests, CompilerOptions.Default with { IngressClassName = options.IngressClass });
        builder.Services.AddGimbalYarp(o =>
        {
            o.HttpsRedirectPort = options.HttpsRedirectPort ?? options.Https.Port;
            o.UnknownSni = options.RejectUnknownSni ? UnknownSniBehavior.RejectHandshake : UnknownSniBehavior.FallbackCertificate;
        });
        builder.Services.AddSingleton<IRouteTableSink, YarpRouteTableSink>();
        if (options.Demo)
        {
            builder.Services.AddSingleton(new DemoSettings(options, manifests));
            builder.Services.AddHostedService<DemoUpstreams>();
        }

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(options.Http, l => l.Protocols = HttpProtocols.Http1);
            kestrel.Listen(options.Https, l => l.UseGimbalTls(kestrel.ApplicationServices.GetRequiredService<GimbalCertificateSelector>()));
            kestrel.Listen(options.Admin, l => l.Protocols = HttpProtocols.Http1);
        });

        var app = builder.Build();
        if (!options.RejectUnknownSni)
        {
            app.Services.GetRequiredService<GimbalCertificateSelector>().SetFallback(FallbackCertificate());
        }

        // Admin endpoints only answer on the admin port, so they never shadow a team's /metrics route.
        var adminPort = options.Admin.Port;
        app.MapGimbalHostEndpoints()
            .RequireHost($"*:{adminPort}")
            .AddEndpointFilter(async (context, next) => context.HttpContext.Connection.LocalPort == adminPort ? await next(context) : Results.NotFound());
        app.UseGimbalYarp();
        return app;
    }

    /// <summary>What unknown SNI names get: a throwaway self-signed certificate, like Envoy's listeners without a match.</summary>
    private static X509Certificate2 FallbackCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=gimbal-fallback", key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), password: null);
    }
}
