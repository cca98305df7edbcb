using Gimbal.Kubernetes.Configuration;

namespace Gimbal.Kubernetes.DependencyInjection;

/// <summary>How the default client of a host finds its cluster.</summary>
public sealed class KubernetesClientOptions
{
    /// <summary>Used as is when set; the other settings but QPS and burst are then ignored.</summary>
    public KubernetesClientConfiguration? Configuration { get; set; }

    /// <summary>A kubeconfig file; when null, KUBECONFIG or ~/.kube/config, then the in-cluster configuration.</summary>
    public string? KubeconfigPath { get; set; }

    /// <summary>The kubeconfig context; the current one when null.</summary>
    public string? Context { get; set; }

    /// <summary>Use the pod's service account and skip kubeconfig lookup.</summary>
    public bool InCluster { get; set; }

    /// <summary>--gimbal-client-qps.</summary>
    public double Qps { get; set; } = 5;

    /// <summary>--gimbal-client-burst.</summary>
    public int Burst { get; set; } = 10;

    /// <summary>The configuration these options describe.</summary>
    public KubernetesClientConfiguration Resolve()
    {
        var configuration = Configuration;
        if (configuration is null)
        {
            if (InCluster)
            {
                configuration = KubernetesClientConfiguration.InCluster();
            }
            else if (KubeconfigPath is not null || KubeconfigLoader.DefaultPaths().Any(File.Exists) || !InClusterConfiguration.IsAvailable())
            {
                configuration = KubernetesClientConfiguration.FromKubeconfig(KubeconfigPath, Context);
            }
            else
            {
                configuration = KubernetesClientConfiguration.InCluster();
            }
        }

        return configuration with { Qps = Qps, Burst = Burst };
    }
}
