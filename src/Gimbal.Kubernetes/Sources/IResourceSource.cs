using Gimbal.Core.Compilation;

namespace Gimbal.Kubernetes.Sources;

/// <summary>
/// Where the objects a host compiles come from: a live cluster (informers) or a folder of manifests.
/// Yields a complete, consistent snapshot first, then a new one after every change.
/// </summary>
public interface IResourceSource
{
    /// <summary>A short description for logs, e.g. "manifests in ./samples/quickstart".</summary>
    string Description { get; }

    /// <summary>The snapshots: the first once everything has been read, then one per (debounced) change, until cancelled. Enumerate it once.</summary>
    /// <param name="cancellationToken">Ends the stream.</param>
    IAsyncEnumerable<ResourceSnapshot> WatchAsync(CancellationToken cancellationToken);
}
