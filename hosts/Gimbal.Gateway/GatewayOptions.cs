using System.Net;

namespace Gimbal.Gateway;

/// <summary>Everything the command line decides.</summary>
public sealed record GatewayOptions
{
    /// <summary>A folder of manifests; null with <see cref="Demo"/> means the bundled quickstart.</summary>
    public string? Manifests { get; init; }

    public bool Demo { get; init; }

    /// <summary>Watch a live cluster through this kubeconfig (KUBECONFIG or ~/.kube/config when empty).</summary>
    public string? Kubeconfig { get; init; }

    public string? Context { get; init; }

    /// <summary>Watch the cluster the gateway runs in, with its service account.</summary>
    public bool InCluster { get; init; }

    /// <summary>Watch one namespace of the cluster; all when null.</summary>
    public string? Namespace { get; init; }

    /// <summary>Also watch HTTPProxy and TLSCertificateDelegation in the cluster (their CRDs must be installed).</summary>
    public bool HttpProxies { get; init; }

    public IPEndPoint Http { get; init; } = new(IPAddress.Loopback, 8080);

    public IPEndPoint Https { get; init; } = new(IPAddress.Loopback, 8443);

    public IPEndPoint Admin { get; init; } = new(IPAddress.Loopback, 9090);

    public string IngressClass { get; init; } = "gimbal";

    public bool RejectUnknownSni { get; init; }

    /// <summary>
    /// Run socket completions and request processing on the socket engine's threads instead of handing each
    /// one to the thread pool (nginx's model: fewer thread wake-ups per request). Only safe because the proxy
    /// path never blocks; a TLS handshake, or parsing a large re-list from a watched cluster (inline completions
    /// cover every socket of the process), then holds one I/O thread while it computes.
    /// </summary>
    public bool InlineIo { get; init; }

    /// <summary>
    /// Serve the HTTP listener through the fast lane (Linux x86-64): per-core epoll loops forward plain GET/HEAD
    /// requests of routes that only forward, and hand every other connection to Kestrel and YARP. On by default.
    /// </summary>
    public bool FastLane { get; init; } = true;

    /// <summary>The port https:// redirects point at; defaults to the HTTPS listener's.</summary>
    public int? HttpsRedirectPort { get; init; }

    /// <summary>IP or hostname written into status.loadBalancer of the Ingresses served (cluster sources only); null leaves it to configuration.</summary>
    public string? IngressStatusAddress { get; init; }

    /// <summary>Namespaces where root HTTPProxies may live; null allows every namespace.</summary>
    public IReadOnlyList<string>? RootNamespaces { get; init; }

    /// <summary>"namespace/name" of the Secret served to clients without SNI, for HTTPProxies that opt in.</summary>
    public string? FallbackCertificate { get; init; }

    /// <summary>Demo upstream ports (the quickstart's Endpoints point at them).</summary>
    public IReadOnlyList<(string Name, int Port)> DemoUpstreams { get; init; } = [("us-east", 9001), ("us-west", 9002)];
}
