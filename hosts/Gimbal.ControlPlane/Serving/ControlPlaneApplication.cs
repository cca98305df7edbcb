using System.Security.Cryptography.X509Certificates;
using Gimbal.Hosting.Routing;
using Gimbal.Xds.Hosting;
using Gimbal.Xds.Translation;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Gimbal.ControlPlane.Serving;

/// <summary>
/// The control plane: source → compiler → xDS snapshot cache, served to Envoy on an HTTP/2 port
/// (cleartext, TLS or mTLS), with /healthz, /readyz and /metrics on a separate admin port.
/// </summary>
public static class ControlPlaneApplication
{
    public static WebApplication Build(ControlPlaneOptions options, Action<ILoggingBuilder>? logging = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        (logging ?? (l => l.AddGimbalConsole()))(builder.Logging);
        builder.Services.AddGimbalHosting(
            s =>
            {
                s.Manifests = options.Manifests;
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

        builder.Services.AddGimbalXds(x => x.Translation = TranslationOptions.Default with { HttpPort = options.EnvoyHttpPort, HttpsPort = options.EnvoyHttpsPort });
        builder.Services.AddSingleton<IRouteTableSink, XdsRouteTableSink>();

        var listen = new XdsListenOptions
        {
            Address = options.XdsAddress,
            Port = options.XdsPort,
            ServerCertificate = LoadServerCertificate(options),
            ClientCertificateAuthorities = LoadAuthorities(options.XdsCaFile),
        };
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.ListenGimbalXds(listen);
            kestrel.Listen(options.Admin, l => l.Protocols = HttpProtocols.Http1);
        });

        var app = builder.Build();
        app.MapGimbalXds();
        app.MapGimbalHostEndpoints();
        return app;
    }

    private static X509Certificate2? LoadServerCertificate(ControlPlaneOptions options)
    {
        if (options.XdsCertFile is null && options.XdsKeyFile is null)
        {
            return options.XdsCaFile is null ? null : throw new ArgumentException("--xds-ca-file needs --xds-cert-file and --xds-key-file: mTLS runs over TLS");
        }

        if (options.XdsCertFile is null || options.XdsKeyFile is null)
        {
            throw new ArgumentException("--xds-cert-file and --xds-key-file go together");
        }

        using var pem = X509Certificate2.CreateFromPemFile(options.XdsCertFile, options.XdsKeyFile);
        // Kestrel on Linux wants a certificate whose key is not ephemeral.
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), password: null);
    }

    private static X509Certificate2Collection? LoadAuthorities(string? caFile)
    {
        if (caFile is null)
        {
            return null;
        }

        var authorities = new X509Certificate2Collection();
        authorities.ImportFromPemFile(caFile);
        return authorities.Count > 0 ? authorities : throw new ArgumentException($"--xds-ca-file '{caFile}' holds no certificate");
    }
}
