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

    /// <summary>The object <paramref name="ns"/>/<paramref name="name"/>, or null when it does not exist.</summary>
    /// <typeparam name="T">Service, Endpoints, EndpointSlice or Namespace.</typeparam>
    /// <param name="ns">The namespace.</param>
    /// <param name="name">The name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<T?> GetAsync<T>(string ns, string name, CancellationToken cancellationToken)
        where T : KubernetesObject;

    /// <summary>Creates the object in its metadata.namespace; a <see cref="MirrorTargetException"/> with AlreadyExists or NamespaceNotFound tells why it could not.</summary>
    /// <typeparam name="T">Service, Endpoints, EndpointSlice or Namespace.</typeparam>
    /// <param name="obj">The object to create.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<T> CreateAsync<T>(T obj, CancellationToken cancellationToken)
        where T : KubernetesObject;

    /// <summary>Replaces the object; its metadata.resourceVersion guards against lost updates.</summary>
    Task<T> ReplaceAsync<T>(T obj, CancellationToken cancellationToken)
        where T : KubernetesObject;

    /// <summary>Deletes the object; an object already gone is not an error.</summary>
    Task DeleteAsync<T>(string ns, string name, CancellationToken cancellationToken)
        where T : KubernetesObject;

    /// <summary>Whether the namespace exists and is not being deleted.</summary>
    /// <param name="ns">The namespace's name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<bool> NamespaceExistsAsync(string ns, CancellationToken cancellationToken);

    /// <summary>Creates the namespace; one that already exists is not an error.</summary>
    Task CreateNamespaceAsync(string ns, CancellationToken cancellationToken);
}
