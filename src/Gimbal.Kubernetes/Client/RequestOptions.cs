namespace Gimbal.Kubernetes.Client;

/// <summary>Query parameters of a list.</summary>
public sealed record ListOptions
{
    public string? LabelSelector { get; init; }
    public string? FieldSelector { get; init; }

    /// <summary>Page size; the answer's metadata.continue leads to the next page.</summary>
    public int? Limit { get; init; }

    public string? Continue { get; init; }

    /// <summary>"0" reads from the watch cache (any order, limit ignored); empty reads the latest state.</summary>
    public string? ResourceVersion { get; init; }

    public string? ResourceVersionMatch { get; init; }
}

/// <summary>Query parameters of a watch.</summary>
public sealed record WatchOptions
{
    public string? LabelSelector { get; init; }
    public string? FieldSelector { get; init; }

    /// <summary>Changes after this version; empty or "0": synthetic ADDED events for what exists, then changes.</summary>
    public string? ResourceVersion { get; init; }

    public bool AllowWatchBookmarks { get; init; }

    /// <summary>The server ends the watch cleanly after this long.</summary>
    public int? TimeoutSeconds { get; init; }
}

/// <summary>Options of a delete: preconditions make it conditional on the object's uid or resourceVersion.</summary>
public sealed record DeleteOptions
{
    public string? PreconditionUid { get; init; }
    public string? PreconditionResourceVersion { get; init; }

    /// <summary>"Orphan", "Background" or "Foreground".</summary>
    public string? PropagationPolicy { get; init; }

    public long? GracePeriodSeconds { get; init; }
}
