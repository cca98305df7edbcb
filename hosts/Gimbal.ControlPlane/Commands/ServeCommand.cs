using System.CommandLine;
using System.Net;
using Gimbal.ControlPlane.Serving;

namespace Gimbal.ControlPlane.Commands;

/// <summary>`serve`: watch a cluster (or a folder of manifests), compile, and serve xDS.</summary>
public static class ServeCommand
{
    public static Command Create()
    {
        var manifests = new Option<string?>("--manifests", "-m") { Description = "A folder of YAML manifests, watched for changes, instead of a cluster." };
        var kubeconfig = new Option<string?>("--kubeconfig") { Description = "A kubeconfig file; without it and without --manifests, the pod's service account is used." };
        var context = new Option<string?>("--context") { Description = "The kubeconfig context (default: the current one)." };
        var watchNamespace = new Option<string?>("--namespace") { Description = "Watch one namespace (default: all)." };
        var httpProxies = new Option<bool>("--httpproxies") { Description = "Watch HTTPProxy and TLSCertificateDelegation (the CRDs in deploy/crds).", DefaultValueFactory = _ => true };
        var xdsAddress = new Option<string>("--xds-address") { Description = "Address the xDS server binds.", DefaultValueFactory = _ => "127.0.0.1" };
        var xdsPort = new Option<int>("--xds-port") { Description = "xDS port (gRPC over HTTP/2).", DefaultValueFactory = _ => 8001 };
        var certFile = new Option<string?>("--xds-cert-file") { Description = "PEM certificate for TLS on the xDS port." };
        var keyFile = new Option<string?>("--xds-key-file") { Description = "PEM private key for --xds-cert-file." };
        var caFile = new Option<string?>("--xds-ca-file") { Description = "PEM CA: Envoy must present a client certificate it issued (mTLS)." };
        var admin = new Option<string>("--admin") { Description = "Listener for /healthz, /readyz and /metrics.", DefaultValueFactory = _ => "127.0.0.1:8000" };
        var ingressClass = new Option<string>("--ingress-class") { Description = "The ingress class this control plane serves.", DefaultValueFactory = _ => "gimbal" };
        var httpPort = new Option<int>("--envoy-http-port") { Description = "Port of Envoy's plain HTTP listener.", DefaultValueFactory = _ => 8080 };
        var httpsPort = new Option<int>("--envoy-https-port") { Description = "Port of Envoy's HTTPS listener.", DefaultValueFactory = _ => 8443 };
        var statusAddress = new Option<string?>("--ingress-status-address") { Description = "IP or hostname to publish in the status of the Ingresses served (also Gimbal__IngressStatus__Address or appsettings Gimbal:IngressStatus:Address)." };
        var command = new Command("serve", "Compile the cluster's (or a folder's) routes and serve them to Envoy over xDS.")
        {
            manifests, kubeconfig, context, watchNamespace, httpProxies, xdsAddress, xdsPort, certFile, keyFile, caFile, admin, ingressClass, httpPort, httpsPort, statusAddress,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (!IPAddress.TryParse(parse.GetValue(xdsAddress), out var address) || !IPEndPoint.TryParse(parse.GetValue(admin)!, out var adminEndpoint))
            {
                await Console.Error.WriteLineAsync("gimbal-control-plane: --xds-address must be an IP address and --admin ADDRESS:PORT");
                return 2;
            }

            var folder = parse.GetValue(manifests);
            var config = parse.GetValue(kubeconfig);
            var options = new ControlPlaneOptions
            {
                Manifests = folder,
                Kubeconfig = config,
                Context = parse.GetValue(context),
                InCluster = folder is null && config is null,
                Namespace = parse.GetValue(watchNamespace),
                HttpProxies = parse.GetValue(httpProxies),
                XdsAddress = address,
                XdsPort = parse.GetValue(xdsPort),
                XdsCertFile = parse.GetValue(certFile),
                XdsKeyFile = parse.GetValue(keyFile),
                XdsCaFile = parse.GetValue(caFile),
                Admin = adminEndpoint,
                IngressClass = parse.GetValue(ingressClass)!,
                EnvoyHttpPort = parse.GetValue(httpPort),
                EnvoyHttpsPort = parse.GetValue(httpsPort),
                IngressStatusAddress = parse.GetValue(statusAddress),
            };

            WebApplication app;
            try
            {
                app = ControlPlaneApplication.Build(options);
            }
            catch (Exception ex) when (ex is ArgumentException or IOException or System.Security.Cryptography.CryptographicException)
            {
                await Console.Error.WriteLineAsync($"gimbal-control-plane: {ex.Message}");
                return 2;
            }

            await using (app)
            {
                await app.RunAsync(cancellationToken == default ? CancellationToken.None : cancellationToken);
            }

            return 0;
        });
        return command;
    }
}
