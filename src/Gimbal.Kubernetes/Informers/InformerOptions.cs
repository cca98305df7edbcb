namespace Gimbal.Kubernetes.Informers;

/// <summary>What an informer watches and how it recovers.</summary>
public sealed record InformerOptions
{
    /// <summary>One namespace, or null for all.</summary>
    public string? Namespace { get; init; }

    public string? LabelSelector { get; init; }

    public string? FieldSelector { get; init; }

    /// <summary>Label keys whose values the cache indexes (for <see cref="InformerCache{T}.ListByLabel"/>); others are scanned.</summary>
    public IReadOnlyCollection<string> IndexedLabels { get; init; } = [];

    /// <summary>Objects per list page.</summary>
    public int PageSize { get; init; } = 500;

    /// <summary>When set, every cached object is handed to OnUpdate(obj, obj) this often.</summary>
    public TimeSpan? ResyncPeriod { get; init; }

    /// <summary>Each watch asks the server to end it after a random time between this and twice this, as client-go does.</summary>
    public TimeSpan WatchTimeout { get; init; } = TimeSpan.FromMinutes(5);

    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(800);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);
}
