using System.CommandLine;
using System.Net;
using Gimbal.Gateway;
using Gimbal.Hosting.Routing;

var manifests = new Option<string?>("--manifests", "-m") { Description = "A folder of YAML manifests, watched for changes (local mode)." };
var kubeconfig = new Option<string?>("--kubeconfig") { Description = "Watch a live cluster through this kubeconfig file." };
var context = new Option<string?>("--context") { Description = "The kubeconfig context (default: the current one)." };
var inCluster = new Option<bool>("--in-cluster") { Description = "Watch the cluster the gateway runs in, with its service account." };
var watchNamespace = new Option<string?>("--namespace") { Description = "Watch one namespace of the cluster (default: all)." };
var httpProxies = new Option<bool>("--httpproxies") { Description = "Also watch HTTPProxy and TLSCertificateDelegation in the cluster (install deploy/crds first)." };
var demo = new Option<bool>("--demo") { Description = "Serve samples/quickstart with two in-process demo upstreams (the default when no source is given)." };
var http = new Option<string>("--http") { Description = "Plain HTTP listener.", DefaultValueFactory = _ => "127.0.0.1:8080" };
var https = new Option<string>("--https") { Description = "HTTPS listener (SNI picks each host's certificate).", DefaultValueFactory = _ => "127.0.0.1:8443" };
var admin = new Option<string>("--admin") { Description = "Listener for /healthz, /readyz and /metrics.", DefaultValueFactory = _ => "127.0.0.1:9090" };
var ingressClass = new Option<string>("--ingress-class") { Description = "The ingress class this gateway serves.", DefaultValueFactory = _ => "gimbal" };
var rejectUnknownSni = new Option<bool>("--reject-unknown-sni") { Description = "Fail TLS handshakes for unknown server names instead of presenting a fallback certificate." };
var redirectPort = new Option<int?>("--https-redirect-port") { Description = "Port in https:// redirects (default: the HTTPS listener's port)." };
var statusAddress = new Option<string?>("--ingress-status-address") { Description = "IP or hostname to publish in the status of the Ingresses served, cluster sources only (also Gimbal__IngressStatus__Address)." };
var rootNamespaces = new Option<string[]>("--root-namespaces") { Description = "Namespaces where root HTTPProxies (those with a virtualhost) may live, comma-separated (default: all).", AllowMultipleArgumentsPerToken = true };
var fallbackCertificate = new Option<string?>("--fallback-certificate") { Description = "namespace/name of a kubernetes.io/tls Secret presented to clients that send no SNI, for HTTPProxies that enable it." };

var inlineIo = new Option<bool>("--inline-io") { Description = "Process requests on the socket threads instead of the thread pool (fewer thread switches per request; measured in bench/ gateway)." };

var noFastLane = new Option<bool>("--no-fast-lane") { Description = "Serve the HTTP listener with Kestrel and YARP only, without the fast lane's epoll loops (see docs/deployment.md)." };

var root = new RootCommand("gimbal-gateway: Ingresses from a cluster or a folder of manifests, served by an in-process YARP proxy.")
{
    manifests, kubeconfig, context, inCluster, watchNamespace, httpProxies, demo, http, https, admin, ingressClass, rejectUnknownSni, redirectPort,
    statusAddress, rootNamespaces, fallbackCertificate, inlineIo, noFastLane,
};
root.SetAction(async (parse, cancellationToken) =>
{
    if (RouteFlags.FallbackCertificateProblem(parse.GetValue(fallbackCertificate)) is { } problem)
    {
        await Console.Error.WriteLineAsync($"gimbal-gateway: {problem}");
        return 2;
    }

    var folder = parse.GetValue(manifests);
    var cluster = parse.GetValue(kubeconfig) is not null || parse.GetValue(inCluster);
    var options = new GatewayOptions
    {
        Manifests = folder,
        Kubeconfig = parse.GetValue(kubeconfig),
        Context = parse.GetValue(context),
        InCluster = parse.GetValue(inCluster),
        Namespace = parse.GetValue(watchNamespace),
        HttpProxies = parse.GetValue(httpProxies),
        Demo = parse.GetValue(demo) || (folder is null && !cluster),
        Http = IPEndPoint.Parse(parse.GetValue(http)!),
        Https = IPEndPoint.Parse(parse.GetValue(https)!),
        Admin = IPEndPoint.Parse(parse.GetValue(admin)!),
        IngressClass = parse.GetValue(ingressClass)!,
        RejectUnknownSni = parse.GetValue(rejectUnknownSni),
        HttpsRedirectPort = parse.GetValue(redirectPort),
        IngressStatusAddress = parse.GetValue(statusAddress),
        RootNamespaces = RouteFlags.Namespaces(parse.GetValue(rootNamespaces)),
        FallbackCertificate = parse.GetValue(fallbackCertificate),
        InlineIo = parse.GetValue(inlineIo),
        FastLane = !parse.GetValue(noFastLane),
    };
    await using var gateway = GatewayApplication.Build(options);
    await gateway.RunAsync(cancellationToken);
    return 0;
});

return await root.Parse(args).InvokeAsync();
