namespace Gimbal.ControlPlane.Bootstrap;

/// <summary>What `gimbal-control-plane bootstrap` writes into Envoy's bootstrap file.</summary>
public sealed record BootstrapOptions
{
    /// <summary>The control plane's xDS address (a DNS name or an IP).</summary>
    public string XdsAddress { get; init; } = "127.0.0.1";

    public int XdsPort { get; init; } = 8001;

    /// <summary>With TLS to the control plane: the CA that signed its certificate.</summary>
    public string? CaFile { get; init; }

    /// <summary>With mTLS: Envoy's client certificate and key.</summary>
    public string? CertFile { get; init; }

    public string? KeyFile { get; init; }

    /// <summary>Envoy's admin interface, on loopback by default: it can drain and stop Envoy.</summary>
    public string AdminAddress { get; init; } = "127.0.0.1";

    public int AdminPort { get; init; } = 9001;

    /// <summary>A listener exposing only /ready and /stats/prometheus of the admin interface (0 = none).</summary>
    public int StatsPort { get; init; } = 8002;

    public string NodeCluster { get; init; } = "gimbal";
}
