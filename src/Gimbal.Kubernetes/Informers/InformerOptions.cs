namespace Gimbal.Kubernetes.Informers;

/// <summary>What an informer watches and how it recovers.</summary>
public sealed record InformerOptions
{
    /// <summary>One namespace, or null for all.</summary>
    public string? Namespace { get; init; }

    /// <summary>Only objects whose labels match, e.g. "gimbal.projectcontour.io/backend=east"; null for all.</summary>
    public string? LabelSelector { get; init; }

    /// <summary>Only objects whose fields match, e.g. "metadata.name=web"; null for all.</summary>
    public string? FieldSelector { get; init; }

    /// <summary>Label keys whose values the cache indexes (for <see cref="InformerCache{T}.ListByLabel"/>); others are scanned.</summary>
    public IReadOnlyCollection<string> IndexedLabels { get; init; } = [];

    /// <summary>Objects per list page.</summary>
    public int PageSize { get; init; } = 500;

    /// <summary>When set, every cached object is handed to OnUpdate(obj, obj) this often.</summary>
    public TimeSpan? ResyncPeriod { get; init; }

    /// <summary>Each watch asks the server to end it after a random time between this and twice this, as client-go does.</summary>
    public TimeSpan WatchTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The wait after the first failed list or watch; it doubles with each further failure (with jitter), up to <see cref="MaxBackoff"/>. Default 800 ms.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(800);

    /// <summary>The longest wait between retries after failures. Default 30 s.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);
}
