using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Gimbal.Core.Compilation;
using Gimbal.Kubernetes.Manifests;
using Microsoft.Extensions.Logging;

namespace Gimbal.Kubernetes.Sources;

/// <summary>
/// A folder of manifests watched for changes: local mode, without a cluster. Each change (debounced)
/// re-reads the files that changed and yields a new snapshot. A file that no longer parses keeps its
/// last good objects, so one broken edit never takes routes down; its problems are logged.
/// </summary>
public sealed class ManifestFolderSource : IResourceSource
{
    private readonly string _root;
    private readonly TimeSpan _debounce;
    private readonly ILogger<ManifestFolderSource> _logger;
    private readonly Dictionary<string, (DateTime Stamp, long Length, ManifestReadResult Result)> _files = new(StringComparer.Ordinal);
    private ResourceSnapshot? _snapshot;

    /// <summary>A source of the manifests under <paramref name="root"/> (a folder, read recursively, or one file).</summary>
    /// <param name="root">The folder or file; relative paths are against the current directory.</param>
    /// <param name="logger">Where problems in the manifests and watcher failures are logged.</param>
    /// <param name="debounce">Changes within this window make one snapshot; null means 100 ms.</param>
    public ManifestFolderSource(string root, ILogger<ManifestFolderSource> logger, TimeSpan? debounce = null)
    {
        _root = Path.GetFullPath(root);
        _logger = logger;
        _debounce = debounce ?? TimeSpan.FromMilliseconds(100);
    }

    /// <summary>"manifests in &lt;folder&gt;", for logs.</summary>
    public string Description => $"manifests in {_root}";

    /// <summary>
    /// Yields the snapshot of the current files, then a new one after each change that alters the result (file-system
    /// events, backed by a 2 s poll). Throws <see cref="DirectoryNotFoundException"/> when the root does not exist.
    /// </summary>
    /// <param name="cancellationToken">Ends the stream.</param>
    public async IAsyncEnumerable<ResourceSnapshot> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!Directory.Exists(_root) && !File.Exists(_root))
        {
            throw new DirectoryNotFoundException($"--manifests: no folder or file at '{_root}'");
        }

        var changes = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        using var watcher = CreateWatcher(changes.Writer);

        var last = await ReadAllAsync(cancellationToken).ConfigureAwait(false);
        yield return last;

        // Polling backs up the watcher: inotify can overflow or miss edits made by renames on some file systems.
        using var poll = new PeriodicTimer(TimeSpan.FromSeconds(2));
        var pollTask = PollAsync(poll, changes.Writer, cancellationToken);

        while (await changes.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            changes.Reader.TryRead(out _);
            await Task.Delay(_debounce, cancellationToken).ConfigureAwait(false);
            changes.Reader.TryRead(out _);
            var next = await ReadAllAsync(cancellationToken).ConfigureAwait(false);
            if (!ReferenceEquals(next, last))
            {
                last = next;
                yield return next;
            }
        }

        await pollTask.ConfigureAwait(false);
    }

    private FileSystemWatcher CreateWatcher(ChannelWriter<bool> changes)
    {
        var folder = Directory.Exists(_root) ? _root : Path.GetDirectoryName(_root)!;
        var watcher = new FileSystemWatcher(folder)
        {
            IncludeSubdirectories = true,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
        };
        FileSystemEventHandler signal = (_, _) => changes.TryWrite(true);
        watcher.Changed += signal;
        watcher.Created += signal;
        watcher.Deleted += signal;
        watcher.Renamed += (_, _) => changes.TryWrite(true);
        watcher.Error += (_, e) =>
        {
            _logger.LogWarning(e.GetException(), "Watching {Folder} failed; falling back to polling", folder);
            changes.TryWrite(true);
        };
        watcher.EnableRaisingEvents = true;
        return watcher;
    }

    private static async Task PollAsync(PeriodicTimer timer, ChannelWriter<bool> changes, CancellationToken cancellationToken)
    {
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                changes.TryWrite(true);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Re-reads changed files; returns the previous snapshot instance when nothing changed.</summary>
    private async Task<ResourceSnapshot> ReadAllAsync(CancellationToken cancellationToken)
    {
        var files = ManifestFiles.Expand(_root);
        var changed = files.Count != _files.Count || _files.Keys.Except(files, StringComparer.Ordinal).Any();
        foreach (var gone in _files.Keys.Except(files, StringComparer.Ordinal).ToList())
        {
            _files.Remove(gone);
        }

        foreach (var file in files)
        {
            var info = new FileInfo(file);
            if (!info.Exists || (_files.TryGetValue(file, out var known) && known.Stamp == info.LastWriteTimeUtc && known.Length == info.Length))
            {
                continue;
            }

            string text;
            try
            {
                text = await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException ex)
            {
                _logger.LogWarning(ex, "Could not read manifest {File}; keeping its last good objects", file);
                continue;
            }

            var result = ManifestReader.Read(text, file);
            foreach (var problem in result.Problems)
            {
                _logger.LogWarning("Manifest problem: {Problem}", problem.ToString());
            }

            var unreadable = result.Objects.Count == 0 && result.Problems.Count > 0 && _files.ContainsKey(file);
            if (unreadable)
            {
                _logger.LogWarning("Manifest {File} has no readable object; keeping its last good objects", file);
                _files[file] = (info.LastWriteTimeUtc, info.Length, _files[file].Result);
                continue;
            }

            _files[file] = (info.LastWriteTimeUtc, info.Length, result);
            changed = true;
        }

        if (!changed && _snapshot is not null)
        {
            return _snapshot;
        }

        _snapshot = ManifestReadResult.Combine(files.Where(_files.ContainsKey).Select(f => _files[f].Result)).ToSnapshot();
        _logger.LogInformation("Read {Count} manifest files from {Root}", files.Count, _root);
        return _snapshot;
    }
}
