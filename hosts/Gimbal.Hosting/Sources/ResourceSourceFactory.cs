using Gimbal.Kubernetes.DependencyInjection;
using Gimbal.Kubernetes.Sources;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gimbal.Hosting.Sources;

/// <summary>Turns the source options into an <see cref="IResourceSource"/>: a folder of manifests, or a live cluster.</summary>
public sealed class ResourceSourceFactory(IOptions<GimbalSourceOptions> options, IKubernetesClientFactory clients, ILoggerFactory loggers)
{
    public IResourceSource Create()
    {
        var settings = options.Value;
        if (!string.IsNullOrWhiteSpace(settings.Manifests))
        {
            return new ManifestFolderSource(settings.Manifests, loggers.CreateLogger<ManifestFolderSource>(), settings.Debounce);
        }

        if (!settings.UsesCluster)
        {
            throw new InvalidOperationException("No source: give a folder of manifests (--manifests DIR) or a cluster (--kubeconfig FILE, --in-cluster).");
        }

        var client = clients.Create(new KubernetesClientOptions
        {
            KubeconfigPath = settings.Kubeconfig,
            Context = settings.Context,
            InCluster = settings.InCluster,
        }.Resolve());
        return new ClusterResourceSource(client, new ClusterResourceSourceOptions { Namespace = settings.Namespace, Debounce = settings.Debounce, ContourResources = settings.HttpProxies });
    }
}
