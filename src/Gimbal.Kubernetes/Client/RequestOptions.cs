namespace Gimbal.Kubernetes.Client;

/// <summary>Query parameters of a list.</summary>
public sealed record ListOptions
{
    /// <summary>Only objects whose labels match, e.g. "app=web,tier!=cache"; null matches all.</summary>
    public string? LabelSelector { get; init; }
    /// <summary>Only objects whose fields match, e.g. "metadata.name=web"; null matches all.</summary>
    public string? FieldSelector { get; init; }

    /// <summary>Page size; the answer's metadata.continue leads to the next page.</summary>
    public int? Limit { get; init; }

    /// <summary>The continue token of the previous page's list metadata; null asks for the first page.</summary>
    public string? Continue { get; init; }

    /// <summary>"0" reads from the watch cache (any order, limit ignored); empty reads the latest state.</summary>
    public string? ResourceVersion { get; init; }

    /// <summary>How <see cref="ResourceVersion"/> is applied: "Exact" or "NotOlderThan"; null leaves it to the server.</summary>
    public string? ResourceVersionMatch { get; init; }
}

/// <summary>Query parameters of a watch.</summary>
public sealed record WatchOptions
{
    /// <summary>Only changes to objects whose labels match, e.g. "app=web"; null watches all.</summary>
    public string? LabelSelector { get; init; }
    /// <summary>Only changes to objects whose fields match, e.g. "metadata.name=web"; null watches all.</summary>
    public string? FieldSelector { get; init; }

    /// <summary>Changes after this version; empty or "0": synthetic ADDED events for what exists, then changes.</summary>
    public string? ResourceVersion { get; init; }

    /// <summary>Asks the server for BOOKMARK events, which advance the resource version without a change so a restarted watch need not relist.</summary>
    public bool AllowWatchBookmarks { get; init; }

    /// <summary>The server ends the watch cleanly after this long.</summary>
    public int? TimeoutSeconds { get; init; }
}

/// <summary>Options of a delete: preconditions make it conditional on the object's uid or resourceVersion.</summary>
public sealed record DeleteOptions
{
    /// <summary>Deletes only if the object still has this metadata.uid (not a re-created namesake); null: no check.</summary>
    public string? PreconditionUid { get; init; }
    /// <summary>Deletes only if the object is still at this metadata.resourceVersion; null: no check.</summary>
    public string? PreconditionResourceVersion { get; init; }

    /// <summary>"Orphan", "Background" or "Foreground".</summary>
    public string? PropagationPolicy { get; init; }

    /// <summary>Seconds before the object is deleted (0: immediately); null uses the resource's default.</summary>
    public long? GracePeriodSeconds { get; init; }
}
