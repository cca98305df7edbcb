using Gimbal.Core.Kubernetes;
using Gimbal.Kubernetes.Client;
using Gimbal.Kubernetes.Errors;
using Microsoft.Extensions.Logging;

namespace Gimbal.Kubernetes.Informers;

/// <summary>
/// Keeps <see cref="Cache"/> equal to the server's objects of one type: list, then watch from the list's
/// resourceVersion; resume from the last seen resourceVersion (bookmarks included) when a watch ends; re-list
/// on 410 Gone; reconnect after errors with capped exponential backoff and jitter; optional periodic resync.
/// Handlers see adds, updates (old and new) and deletes, including deletes discovered by a re-list.
/// </summary>
public sealed partial class Informer<T>
    where T : KubernetesObject
{
    private readonly ResourceClient<T> _resource;
    private readonly KubernetesClient _client;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly Lock _dispatch = new();
    private readonly List<IResourceEventHandler<T>> _handlers = [];
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _running;

    /// <summary>An informer of <paramref name="type"/> on <paramref name="client"/>'s cluster; it does nothing until <see cref="RunAsync"/>.</summary>
    /// <param name="client">The client to list and watch with; its logger factory and metrics are used.</param>
    /// <param name="type">The resource type to mirror.</param>
    /// <param name="options">Namespace, selectors, indexes, paging and backoff; null uses the defaults of <see cref="InformerOptions"/>.</param>
    /// <param name="clock">The clock of backoff and resync waits; null uses the system clock.</param>
    public Informer(KubernetesClient client, ResourceType<T> type, InformerOptions? options = null, TimeProvider? clock = null)
    {
        _client = client;
        _resource = client.Resource(type);
        Options = options ?? new InformerOptions();
        Cache = new InformerCache<T>(Options.IndexedLabels);
        _clock = clock ?? TimeProvider.System;
        _logger = client.LoggerFactory.CreateLogger<Informer<T>>();
    }

    /// <summary>What this informer watches and how it recovers.</summary>
    public InformerOptions Options { get; }

    /// <summary>The mirrored objects; empty until <see cref="HasSynced"/>. Safe to read from any thread.</summary>
    public InformerCache<T> Cache { get; }

    /// <summary>True once the first list is in the cache.</summary>
    public bool HasSynced => _synced.Task.IsCompleted;

    /// <summary>The newest resourceVersion seen (list, event or bookmark).</summary>
    public string? LastResourceVersion { get; private set; }

    /// <summary>Completes when the first list is in the cache.</summary>
    public Task WaitForSyncAsync(CancellationToken cancellationToken = default) => _synced.Task.WaitAsync(cancellationToken);

    /// <summary>Adds a handler; it first gets OnAdd for every object already cached. Dispose the result to remove it.</summary>
    public IDisposable AddHandler(IResourceEventHandler<T> handler)
    {
        lock (_dispatch)
        {
            _handlers.Add(handler);
            foreach (var obj in Cache.List())
            {
                Invoke(handler, h => h.OnAdd(obj));
            }
        }

        return new Registration(() =>
        {
            lock (_dispatch)
            {
                _handlers.Remove(handler);
            }
        });
    }

    /// <summary>Adds a handler made of delegates (any may be null); see <see cref="AddHandler(IResourceEventHandler{T})"/>.</summary>
    /// <param name="onAdd">Called for each added object.</param>
    /// <param name="onUpdate">Called with the old and new object of each change.</param>
    /// <param name="onDelete">Called for each deleted object.</param>
    public IDisposable AddHandler(Action<T>? onAdd = null, Action<T, T>? onUpdate = null, Action<T>? onDelete = null) =>
        AddHandler(new ResourceEventHandler<T>(onAdd, onUpdate, onDelete));

    /// <summary>Runs until cancelled. Call once.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _running, 1) == 1)
        {
            throw new InvalidOperationException("this informer is already running");
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var resync = Options.ResyncPeriod is { } period ? ResyncLoopAsync(period, stop.Token) : Task.CompletedTask;
        try
        {
            await ListAndWatchLoopAsync(stop.Token);
        }
        finally
        {
            await stop.CancelAsync();
            await resync.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task ListAndWatchLoopAsync(CancellationToken cancellationToken)
    {
        var needList = true;
        var listReason = "initial";
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (needList)
                {
                    _client.Metrics.Relist(_client.Configuration.Name, _resource.Type.Plural, listReason);
                    await ListAndReplaceAsync(cancellationToken);
                    needList = false;
                    failures = 0;
                    _synced.TrySetResult();
                }

                var sawEvents = await WatchAsync(cancellationToken);
                _client.Metrics.WatchRestart(_client.Configuration.Name, _resource.Type.Plural, "closed");
                if (sawEvents)
                {
                    failures = 0;
                }
                else
                {
                    // A watch that ends without a single event (not even a bookmark) is backed off like a failure,
                    // so a server that closes every watch at once is not hammered.
                    failures++;
                    await Task.Delay(Backoff(failures), _clock, cancellationToken);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (KubernetesGoneException e)
            {
                // The resourceVersion left the server's window: only a fresh list is consistent again.
                LogExpired(_resource.Type.Plural, e.Message);
                needList = true;
                listReason = "expired";
                _client.Metrics.WatchRestart(_client.Configuration.Name, _resource.Type.Plural, "expired");
            }
            catch (Exception e)
            {
                failures++;
                var delay = Backoff(failures);
                LogFailure(e, _resource.Type.Plural, needList ? "list" : "watch", delay);
                _client.Metrics.WatchRestart(_client.Configuration.Name, _resource.Type.Plural, "error");
                if (needList)
                {
                    listReason = "error";
                }

                try
                {
                    await Task.Delay(delay, _clock, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task ListAndReplaceAsync(CancellationToken cancellationToken)
    {
        var options = new ListOptions { LabelSelector = Options.LabelSelector, FieldSelector = Options.FieldSelector, Limit = Options.PageSize > 0 ? Options.PageSize : null };
        KubernetesList<T> list;
        try
        {
            list = await _resource.ListAllAsync(Options.Namespace, options, cancellationToken);
        }
        catch (KubernetesGoneException)
        {
            // A continue token expired between pages: read everything in one go instead.
            list = await _resource.ListAsync(Options.Namespace, options with { Limit = null }, cancellationToken);
        }

        lock (_dispatch)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var obj in list.Items)
            {
                seen.Add(obj.Key);
                Apply(obj);
            }

            foreach (var key in Cache.Keys())
            {
                if (!seen.Contains(key) && Cache.Remove(key) is { } gone)
                {
                    Dispatch(h => h.OnDelete(gone));
                }
            }

            LastResourceVersion = list.Metadata.ResourceVersion;
        }

        LogListed(_resource.Type.Plural, list.Items.Count, list.Metadata.ResourceVersion);
    }

    /// <summary>One watch from the last resourceVersion; returns whether it delivered anything.</summary>
    private async Task<bool> WatchAsync(CancellationToken cancellationToken)
    {
        var timeout = Options.WatchTimeout * (1 + Random.Shared.NextDouble());
        var options = new WatchOptions
        {
            ResourceVersion = LastResourceVersion,
            AllowWatchBookmarks = true,
            TimeoutSeconds = (int)Math.Max(1, timeout.TotalSeconds),
            LabelSelector = Options.LabelSelector,
            FieldSelector = Options.FieldSelector,
        };
        var sawEvents = false;
        await foreach (var e in _resource.WatchAsync(Options.Namespace, options, cancellationToken))
        {
            sawEvents = true;
            lock (_dispatch)
            {
                switch (e.Type)
                {
                    case WatchEventType.Added or WatchEventType.Modified when e.Object is not null:
                        Apply(e.Object);
                        break;
                    case WatchEventType.Deleted when e.Object is not null:
                        if (Cache.Remove(e.Object.Key) is not null)
                        {
                            Dispatch(h => h.OnDelete(e.Object));
                        }

                        break;
                    case WatchEventType.Error:
                        if (e.Status?.Code == 410)
                        {
                            throw new KubernetesGoneException(e.Status);
                        }

                        throw KubernetesApiException.Create((System.Net.HttpStatusCode)(e.Status?.Code ?? 500), e.Status, null);
                }

                if (e.Object?.Metadata.ResourceVersion is { Length: > 0 } rv)
                {
                    LastResourceVersion = rv;
                }
            }
        }

        return sawEvents;
    }

    /// <summary>Stores a listed or watched object and tells handlers; an unchanged resourceVersion is no change.</summary>
    private void Apply(T obj)
    {
        var old = Cache.Upsert(obj);
        if (old is null)
        {
            Dispatch(h => h.OnAdd(obj));
        }
        else if (old.Metadata.ResourceVersion != obj.Metadata.ResourceVersion)
        {
            Dispatch(h => h.OnUpdate(old, obj));
        }
    }

    private async Task ResyncLoopAsync(TimeSpan period, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(period, _clock);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                if (!HasSynced)
                {
                    continue;
                }

                lock (_dispatch)
                {
                    foreach (var obj in Cache.List())
                    {
                        Dispatch(h => h.OnUpdate(obj, obj));
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped with the informer.
        }
    }

    private TimeSpan Backoff(int failures)
    {
        var exponent = Math.Min(failures - 1, 16);
        var ceiling = Math.Min(Options.MaxBackoff.TotalMilliseconds, Options.InitialBackoff.TotalMilliseconds * Math.Pow(2, exponent));
        return TimeSpan.FromMilliseconds((ceiling / 2) + (Random.Shared.NextDouble() * ceiling / 2));
    }

    private void Dispatch(Action<IResourceEventHandler<T>> action)
    {
        foreach (var handler in _handlers)
        {
            Invoke(handler, action);
        }
    }

    private void Invoke(IResourceEventHandler<T> handler, Action<IResourceEventHandler<T>> action)
    {
        try
        {
            action(handler);
        }
        catch (Exception e)
        {
            LogHandlerFailed(e, _resource.Type.Plural);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Listed {Count} {Resource} at resourceVersion {ResourceVersion}")]
    private partial void LogListed(string resource, int count, string? resourceVersion);

    [LoggerMessage(Level = LogLevel.Information, Message = "Watch of {Resource} expired ({Reason}); listing again")]
    private partial void LogExpired(string resource, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Operation} of {Resource} failed; retrying in {Delay}")]
    private partial void LogFailure(Exception exception, string resource, string operation, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Error, Message = "An event handler of {Resource} threw")]
    private partial void LogHandlerFailed(Exception exception, string resource);

    private sealed class Registration(Action remove) : IDisposable
    {
        private Action? _remove = remove;

        public void Dispose() => Interlocked.Exchange(ref _remove, null)?.Invoke();
    }
}
