namespace Gimbal.Discovery.Kubernetes;

/// <summary>Which upstream namespaces a Kubernetes discoverer mirrors.</summary>
public sealed class KubernetesDiscovererOptions
{
    /// <summary>When not empty, only these namespaces are mirrored.</summary>
    public ISet<string> AllowNamespaces { get; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Namespaces never mirrored (kube-system is always left out).</summary>
    public ISet<string> DenyNamespaces { get; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Also watch upstream EndpointSlices (when the upstream serves discovery.k8s.io/v1). Endpoints are always read.</summary>
    public bool WatchEndpointSlices { get; set; } = true;

    /// <summary>How often the whole upstream state is reconciled, garbage collection included (--resync-interval).</summary>
    public TimeSpan ResyncInterval { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How often the upstream API is probed to report it unreachable (the informers retry on their own).</summary>
    public TimeSpan ProbeInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>First wait after a failed upstream list or watch; doubled up to <see cref="UpstreamRetryMaxDelay"/>.</summary>
    public TimeSpan UpstreamRetryInitialDelay { get; set; } = TimeSpan.FromMilliseconds(800);

    /// <summary>The longest wait between retries of a failing upstream list or watch. Default 30 s.</summary>
    public TimeSpan UpstreamRetryMaxDelay { get; set; } = TimeSpan.FromSeconds(30);
}
