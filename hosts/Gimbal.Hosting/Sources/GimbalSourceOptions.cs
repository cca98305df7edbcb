namespace Gimbal.Hosting.Sources;

/// <summary>Where a host's objects come from (bound from the "Gimbal:Source" section or flags).</summary>
public sealed class GimbalSourceOptions
{
    /// <summary>A folder (or file) of YAML manifests, watched for changes: local mode.</summary>
    public string? Manifests { get; set; }

    /// <summary>Watch a live cluster (when no manifests are given): kubeconfig, else in-cluster.</summary>
    public bool Cluster { get; set; }

    /// <summary>A kubeconfig file; null means KUBECONFIG or ~/.kube/config, then the in-cluster configuration.</summary>
    public string? Kubeconfig { get; set; }

    /// <summary>The kubeconfig context; the current one when null.</summary>
    public string? Context { get; set; }

    /// <summary>Use the pod's service account.</summary>
    public bool InCluster { get; set; }

    /// <summary>Watch one namespace of the cluster; all when null.</summary>
    public string? Namespace { get; set; }

    /// <summary>Also watch HTTPProxy and TLSCertificateDelegation (the CRDs in deploy/crds must be installed).</summary>
    public bool HttpProxies { get; set; }

    /// <summary>Quiet time after a change before a new snapshot is made.</summary>
    public TimeSpan Debounce { get; set; } = TimeSpan.FromMilliseconds(100);

    internal bool UsesCluster => string.IsNullOrWhiteSpace(Manifests) && (Cluster || InCluster || Kubeconfig is not null);
}
