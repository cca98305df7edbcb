using Gimbal.Core.Kubernetes;

namespace Gimbal.Kubernetes.Informers;

/// <summary>
/// Receives an informer's changes, in order, on the informer's loop: keep handlers short (or hand work to a
/// channel). Deletes found by a re-list arrive as <see cref="OnDelete"/> like watched ones.
/// </summary>
public interface IResourceEventHandler<in T>
    where T : KubernetesObject
{
    /// <summary>An object appeared: listed, watched, or already cached when the handler was added.</summary>
    /// <param name="obj">The object as the server has it.</param>
    void OnAdd(T obj);

    /// <summary>A change; on a periodic resync <paramref name="oldObj"/> and <paramref name="newObj"/> are the same object.</summary>
    void OnUpdate(T oldObj, T newObj);

    /// <summary>An object is gone, seen in a watch or found missing by a re-list.</summary>
    /// <param name="obj">The last state of the object the informer knew.</param>
    void OnDelete(T obj);
}

/// <summary>An <see cref="IResourceEventHandler{T}"/> made of delegates.</summary>
public sealed class ResourceEventHandler<T>(Action<T>? onAdd = null, Action<T, T>? onUpdate = null, Action<T>? onDelete = null) : IResourceEventHandler<T>
    where T : KubernetesObject
{
    /// <summary>Calls the onAdd delegate, if any.</summary>
    /// <param name="obj">The object that appeared.</param>
    public void OnAdd(T obj) => onAdd?.Invoke(obj);

    /// <summary>Calls the onUpdate delegate, if any.</summary>
    /// <param name="oldObj">The object before the change.</param>
    /// <param name="newObj">The object after the change.</param>
    public void OnUpdate(T oldObj, T newObj) => onUpdate?.Invoke(oldObj, newObj);

    /// <summary>Calls the onDelete delegate, if any.</summary>
    /// <param name="obj">The last known state of the deleted object.</param>
    public void OnDelete(T obj) => onDelete?.Invoke(obj);
}
