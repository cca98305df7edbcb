namespace Gimbal.Hosting.Routing;

/// <summary>What the gateway's and the control plane's shared flags decide about compiling routes and writing status.</summary>
public sealed record HostRouteSettings
{
    /// <summary>The ingress class served (--ingress-class).</summary>
    public string IngressClass { get; init; } = "gimbal";

    /// <summary>Namespaces where root HTTPProxies may live (--root-namespaces); null allows every namespace.</summary>
    public IReadOnlyList<string>? RootNamespaces { get; init; }

    /// <summary>"namespace/name" of the Secret served to clients without SNI (--fallback-certificate).</summary>
    public string? FallbackCertificate { get; init; }

    /// <summary>IP or hostname for the Ingresses' status.loadBalancer (--ingress-status-address); null leaves it to configuration.</summary>
    public string? IngressStatusAddress { get; init; }
}
