using Gimbal.Core.Kubernetes;

namespace Gimbal.Kubernetes.Informers;

/// <summary>
/// Receives an informer's changes, in order, on the informer's loop: keep handlers short (or hand work to a
/// channel). Deletes found by a re-list arrive as <see cref="OnDelete"/> like watched ones.
/// </summary>
public interface IResourceEventHandler<in T>
    where T : KubernetesObject
{
    void OnAdd(T obj);

    /// <summary>A change; on a periodic resync <paramref name="oldObj"/> and <paramref name="newObj"/> are the same object.</summary>
    void OnUpdate(T oldObj, T newObj);

    void OnDelete(T obj);
}

/// <summary>An <see cref="IResourceEventHandler{T}"/> made of delegates.</summary>
public sealed class ResourceEventHandler<T>(Action<T>? onAdd = null, Action<T, T>? onUpdate = null, Action<T>? onDelete = null) : IResourceEventHandler<T>
    where T : KubernetesObject
{
    public void OnAdd(T obj) => onAdd?.Invoke(obj);

    public void OnUpdate(T oldObj, T newObj) => onUpdate?.Invoke(oldObj, newObj);

    public void OnDelete(T obj) => onDelete?.Invoke(obj);
}
