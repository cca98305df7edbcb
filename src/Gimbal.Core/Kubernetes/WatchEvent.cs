namespace Gimbal.Core.Kubernetes;

/// <summary>The type of one watch event, as the API server names it.</summary>
public enum WatchEventType
{
    /// <summary>The object was created (or existed when the watch started from version "0").</summary>
    Added,
    /// <summary>The object changed.</summary>
    Modified,
    /// <summary>The object was deleted; the event carries its last state.</summary>
    Deleted,
    /// <summary>No change: the object carries only a newer metadata.resourceVersion to resume from.</summary>
    Bookmark,
    /// <summary>The watch failed; the event carries a Status (410 Expired: re-list).</summary>
    Error,
}

/// <summary>
/// One event of a watch stream. <see cref="Object"/> is set for every type but <see cref="WatchEventType.Error"/>,
/// which carries <see cref="Status"/> instead (410 Expired: the resourceVersion is too old, re-list).
/// </summary>
/// <typeparam name="T">The watched object type.</typeparam>
/// <param name="Type">What happened.</param>
/// <param name="Object">The object after the change (its last state for deletes); null for errors.</param>
/// <param name="Status">The error's Status; null for other types.</param>
public sealed record WatchEvent<T>(WatchEventType Type, T? Object, ApiStatus? Status = null)
    where T : KubernetesObject;
