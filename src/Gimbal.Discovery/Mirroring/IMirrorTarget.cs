using Gimbal.Core.Kubernetes;

namespace Gimbal.Discovery.Mirroring;

/// <summary>
/// The Gimbal cluster as the mirroring engine sees it: the few verbs it needs on Services, Endpoints and
/// EndpointSlices, and Namespaces. A thin adapter over the Kubernetes client implements it. Failures are
/// reported as <see cref="MirrorTargetException"/>.
/// </summary>
public interface IMirrorTarget
{
    /// <summary>Every object of type <typeparamref name="T"/> in every namespace matching <paramref name="labelSelector"/>; all pages.</summary>
    Task<IReadOnlyList<T>> ListAsync<T>(string labelSelector, CancellationToken cancellationToken)
        where T : KubernetesObject;

    Task<T?> GetAsync<T>(string ns, string name, CancellationToken cancellationToken)
        where T : KubernetesObject;

    Task<T> CreateAsync<T>(T obj, CancellationToken cancellationToken)
        where T : KubernetesObject;

    /// <summary>Replaces the object; its metadata.resourceVersion guards against lost updates.</summary>
    Task<T> ReplaceAsync<T>(T obj, CancellationToken cancellationToken)
        where T : KubernetesObject;

    /// <summary>Deletes the object; an object already gone is not an error.</summary>
    Task DeleteAsync<T>(string ns, string name, CancellationToken cancellationToken)
        where T : KubernetesObject;

    Task<bool> NamespaceExistsAsync(string ns, CancellationToken cancellationToken);

    /// <summary>Creates the namespace; one that already exists is not an error.</summary>
    Task CreateNamespaceAsync(string ns, CancellationToken cancellationToken);
}
