using System.Net;

namespace Gimbal.ControlPlane.Serving;

/// <summary>What `gimbal-control-plane serve` was asked to do.</summary>
public sealed record ControlPlaneOptions
{
    /// <summary>A folder of manifests (local mode); otherwise a cluster.</summary>
    public string? Manifests { get; init; }

    public string? Kubeconfig { get; init; }

    public string? Context { get; init; }

    public bool InCluster { get; init; }

    public string? Namespace { get; init; }

    public bool HttpProxies { get; init; }

    public IPAddress XdsAddress { get; init; } = IPAddress.Loopback;

    public int XdsPort { get; init; } = 8001;

    /// <summary>PEM files for TLS on the xDS port; with a CA file, Envoy must present a client certificate it issued (mTLS).</summary>
    public string? XdsCertFile { get; init; }

    public string? XdsKeyFile { get; init; }

    public string? XdsCaFile { get; init; }

    public IPEndPoint Admin { get; init; } = new(IPAddress.Loopback, 8000);

    public string IngressClass { get; init; } = "gimbal";

    public int EnvoyHttpPort { get; init; } = 8080;

    public int EnvoyHttpsPort { get; init; } = 8443;

    /// <summary>IP or hostname written into status.loadBalancer of the Ingresses served (cluster sources only); null leaves it to configuration.</summary>
    public string? IngressStatusAddress { get; init; }
}
