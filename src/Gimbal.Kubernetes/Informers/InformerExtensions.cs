using Gimbal.Core.Kubernetes;
using Gimbal.Kubernetes.Client;

namespace Gimbal.Kubernetes.Informers;

/// <summary>Creates informers from a <see cref="KubernetesClient"/>.</summary>
public static class InformerExtensions
{
    /// <summary>An informer of one resource type on this client's cluster.</summary>
    public static Informer<T> CreateInformer<T>(this KubernetesClient client, ResourceType<T> type, InformerOptions? options = null, TimeProvider? clock = null)
        where T : KubernetesObject => new(client, type, options, clock);
}
