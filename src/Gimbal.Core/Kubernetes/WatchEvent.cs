namespace Gimbal.Core.Kubernetes;

/// <summary>The type of one watch event, as the API server names it.</summary>
public enum WatchEventType
{
    Added,
    Modified,
    Deleted,
    Bookmark,
    Error,
}

/// <summary>
/// One event of a watch stream. <see cref="Object"/> is set for every type but <see cref="WatchEventType.Error"/>,
/// which carries <see cref="Status"/> instead (410 Expired: the resourceVersion is too old, re-list).
/// </summary>
public sealed record WatchEvent<T>(WatchEventType Type, T? Object, ApiStatus? Status = null)
    where T : KubernetesObject;
