using Gimbal.Core.Kubernetes;
using Gimbal.Core.Naming;
using Gimbal.Discovery.Metrics;
using Gimbal.Discovery.Queueing;
using Microsoft.Extensions.Logging;

namespace Gimbal.Discovery.Mirroring;

/// <summary>
/// Makes the Gimbal cluster match what one backend's discoverer reports. Desired state is kept per mirrored
/// Service (namespace/name); a deduplicating queue hands keys to workers that create, update (only when a
/// field the engine owns differs) or delete (only objects carrying this backend's label) the Service, its
/// Endpoints and its EndpointSlices. Failed keys are retried with exponential backoff, forever.
/// </summary>
public sealed partial class MirrorEngine
{
    private readonly IMirrorTarget _target;
    private readonly MirrorEngineOptions _options;
    private readonly DiscovererMetrics _metrics;
    private readonly ILogger<MirrorEngine> _logger;
    private readonly TimeProvider _time;
    private readonly WorkQueue _queue;
    private readonly RetryBackoff _backoff;
    private readonly ObservedState _observed = new();
    private readonly Lock _desiredGate = new();
    private readonly Dictionary<string, DesiredMirror?> _desired = new(StringComparer.Ordinal);
    private readonly HashSet<string> _knownNamespaces = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Task> _namespaceChecks = new(StringComparer.Ordinal);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _invalid = new(StringComparer.Ordinal);
    private readonly string _ownerLabel;
    private long _writes;

    /// <summary>An engine writing one backend's mirrors to <paramref name="target"/>; it registers the replicated-totals gauges on <paramref name="metrics"/>.</summary>
    /// <param name="target">The Gimbal cluster.</param>
    /// <param name="options">The backend's name and type, worker count, retry delays, namespace creation.</param>
    /// <param name="metrics">The discoverer metrics.</param>
    /// <param name="logger">Where reconciles, retries and missing namespaces are logged.</param>
    /// <param name="time">The clock of retry backoff; null uses the system clock.</param>
    public MirrorEngine(IMirrorTarget target, MirrorEngineOptions options, DiscovererMetrics metrics, ILogger<MirrorEngine> logger, TimeProvider? time = null)
    {
        _target = target;
        _options = options;
        _metrics = metrics;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        _queue = new WorkQueue(_time);
        _backoff = new RetryBackoff(options.RetryInitialDelay, options.RetryMaxDelay);
        _ownerLabel = GimbalNames.ShortenLabelValue(options.BackendName);

        // Counted when scraped, not on every change: walking every mirror per change would cost more than the change.
        metrics.ObserveServiceTotals(DiscovererMetrics.ReplicatedServicesTotal, options.BackendName, options.BackendType, _observed.ServicesPerNamespace);
        metrics.ObserveEndpointsTotals(DiscovererMetrics.ReplicatedEndpointsTotal, options.BackendName, options.BackendType, _observed.EndpointsPerService);
    }

    /// <summary>Creates, updates and deletes made so far (namespaces included).</summary>
    public long Writes => Interlocked.Read(ref _writes);

    /// <summary>True when no key is waiting, being worked on or waiting for a retry.</summary>
    public bool IsIdle => _queue.IsIdle;

    /// <summary>Keys waiting to be worked on (the gimbal_queuesize gauge).</summary>
    public int QueueLength => _queue.Count;

    /// <summary>Mirrors the Gimbal cluster refuses (400/422) until a later change fixes them, per namespace.</summary>
    public IReadOnlyDictionary<string, int> RefusedPerNamespace() =>
        _invalid.Keys.GroupBy(NamespaceOf, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    /// <summary>The label selector that finds this backend's objects.</summary>
    public string OwnerSelector => $"{GimbalLabels.Backend}={_ownerLabel}";

    /// <summary>
    /// A full reconcile: lists this backend's objects in the Gimbal cluster, then takes <paramref name="read"/>'s
    /// answer as the whole desired state. Owned objects it does not mention are deleted, unless the read was
    /// incomplete (as a whole, or for their namespace). A failed list throws and changes nothing.
    /// </summary>
    /// <param name="read">Called after the list, so the desired state is never older than what was listed.</param>
    /// <param name="cancellationToken">Stops the list.</param>
    public async Task ReconcileAsync(Func<MirrorSet> read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(read);
        var services = await _target.ListAsync<Service>(OwnerSelector, cancellationToken);
        var endpoints = await _target.ListAsync<Endpoints>(OwnerSelector, cancellationToken);
        // The cluster's mirroring controller copies the Endpoints' labels, backend label included, onto the slices
        // it makes: only the slices Gimbal manages are the engine's.
        var slices = (await _target.ListAsync<EndpointSlice>(OwnerSelector, cancellationToken)).Where(IsManagedByGimbal).ToList();

        List<string> keys;
        lock (_desiredGate)
        {
            var set = read();
            _observed.ReplaceAll(services, endpoints, slices);
            var mentioned = new HashSet<string>(StringComparer.Ordinal);
            foreach (var mirror in set.Services)
            {
                var desired = Normalize(mirror);
                mentioned.Add(desired.Key);
                _desired[desired.Key] = desired;
            }

            foreach (var key in _observed.Keys.Concat(_desired.Keys.ToList()))
            {
                if (!mentioned.Contains(key) && set.Complete && !set.IncompleteNamespaces.Contains(NamespaceOf(key)))
                {
                    _desired[key] = null;
                }
            }

            keys = [.. _desired.Keys];
        }

        foreach (var key in keys)
        {
            _queue.Add(key);
        }

        ReportQueue();
        LogReconcile(_options.BackendName, keys.Count, services.Count);
    }

    /// <inheritdoc cref="ReconcileAsync(Func{MirrorSet}, CancellationToken)"/>
    public Task ReconcileAsync(MirrorSet set, CancellationToken cancellationToken) => ReconcileAsync(() => set, cancellationToken);

    /// <summary>One Service changed upstream: make its mirror match.</summary>
    public void Upsert(MirroredService mirror)
    {
        var desired = Normalize(mirror);
        lock (_desiredGate)
        {
            _desired[desired.Key] = desired;
        }

        _queue.Add(desired.Key);
        ReportQueue();
    }

    /// <summary>One Service went away upstream: delete its mirror (if this backend owns it).</summary>
    public void Remove(string ns, string mirroredName)
    {
        var key = $"{ns}/{mirroredName}";
        lock (_desiredGate)
        {
            _desired[key] = null;
        }

        _queue.Add(key);
        ReportQueue();
    }

    /// <summary>Runs the workers until <paramref name="cancellationToken"/> fires.</summary>
    public Task RunAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(Enumerable.Range(0, Math.Max(1, _options.Workers)).Select(_ => Task.Run(() => WorkAsync(cancellationToken), CancellationToken.None)));

    private async Task WorkAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            string key;
            try
            {
                key = await _queue.TakeAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                await ProcessAsync(key, cancellationToken);
                _backoff.Forget(key);
                _invalid.TryRemove(key, out _);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                if (ex is MirrorTargetException { Error: MirrorTargetError.Invalid })
                {
                    _invalid[key] = true;
                }

                var delay = _backoff.NextDelay(key);
                LogRetry(ex, key, _backoff.Failures(key), delay);
                _queue.AddAfter(key, delay);
            }
            finally
            {
                _queue.Done(key);
                ReportQueue();
            }
        }
    }

    private async Task ProcessAsync(string key, CancellationToken cancellationToken)
    {
        DesiredMirror? desired;
        lock (_desiredGate)
        {
            if (!_desired.TryGetValue(key, out desired))
            {
                return;
            }
        }

        if (desired is null)
        {
            await DeleteAsync(key, cancellationToken);
            lock (_desiredGate)
            {
                if (_desired.TryGetValue(key, out var now) && now is null)
                {
                    _desired.Remove(key);
                }
            }

            return;
        }

        var ns = NamespaceOf(key);
        var name = desired.Service.Metadata.Name ?? string.Empty;
        var upstreamName = desired.Service.Metadata.Labels?.GetValueOrDefault(GimbalLabels.Service) ?? name;
        await EnsureNamespaceAsync(ns, cancellationToken);
        try
        {
            await SyncServiceAsync(desired.Service, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _metrics.ServiceError(_options.BackendName, _options.BackendType, ns, upstreamName, ErrorType(ex));
            throw;
        }

        _metrics.ServiceEvent(_options.BackendName, _options.BackendType, ns, upstreamName, _time.GetUtcNow());
        try
        {
            // Only once the Service is known to be this backend's (never endpoints for someone else's Service);
            // the Endpoints and the slices are independent of each other, so they go side by side.
            await Task.WhenAll(SyncEndpointsAsync(key, desired.Endpoints, cancellationToken), SyncSlicesAsync(key, desired.Slices, cancellationToken));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _metrics.EndpointsError(_options.BackendName, _options.BackendType, ns, upstreamName, ErrorType(ex));
            throw;
        }

        _metrics.EndpointsEvent(_options.BackendName, _options.BackendType, ns, upstreamName, _time.GetUtcNow());
    }

    private async Task SyncEndpointsAsync(string key, Endpoints? desired, CancellationToken cancellationToken)
    {
        if (desired is not null)
        {
            await SyncAsync(desired, _observed.Endpoints(key), MirrorFingerprint.Of, _observed.Remember, cancellationToken);
        }
        else if (_observed.Endpoints(key) is { } stale)
        {
            // Written under another --endpoints-kind.
            await _target.DeleteAsync<Endpoints>(NamespaceOf(key), stale.Metadata.Name ?? string.Empty, cancellationToken);
            Interlocked.Increment(ref _writes);
            _observed.ForgetEndpoints(key);
        }
    }

    private Task SyncServiceAsync(Service desired, CancellationToken cancellationToken) =>
        SyncAsync(
            desired,
            _observed.Service(desired.Key),
            MirrorFingerprint.Of,
            _observed.Remember,
            cancellationToken,
            (observed, wanted) => observed with
            {
                Metadata = observed.Metadata with { Labels = wanted.Metadata.Labels, Annotations = wanted.Metadata.Annotations },
                Spec = (observed.Spec ?? new ServiceSpec()) with
                {
                    Type = wanted.Spec?.Type,
                    Ports = wanted.Spec?.Ports,
                    ExternalName = wanted.Spec?.ExternalName,

                    // ClusterIP is immutable except when the type changes to or from ExternalName.
                    ClusterIP = wanted.Spec?.Type == "ExternalName" ? null : observed.Spec?.Type == "ExternalName" ? wanted.Spec?.ClusterIP : observed.Spec?.ClusterIP,
                    ClusterIPs = wanted.Spec?.Type == "ExternalName" || observed.Spec?.Type == "ExternalName" ? null : observed.Spec?.ClusterIPs,
                },
            });

    private async Task SyncSlicesAsync(string key, IReadOnlyList<EndpointSlice> desired, CancellationToken cancellationToken)
    {
        var observed = _observed.Slices(key);
        foreach (var slice in desired)
        {
            await SyncAsync(slice, observed.GetValueOrDefault(slice.Metadata.Name ?? string.Empty), MirrorFingerprint.Of, s => _observed.Remember(key, s), cancellationToken);
        }

        var wanted = desired.Select(s => s.Metadata.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var (name, _) in observed.Where(o => !wanted.Contains(o.Key)))
        {
            await _target.DeleteAsync<EndpointSlice>(NamespaceOf(key), name, cancellationToken);
            Interlocked.Increment(ref _writes);
            _observed.ForgetSlice(key, name);
        }
    }

    private async Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        var ns = NamespaceOf(key);
        foreach (var (name, _) in _observed.Slices(key))
        {
            await _target.DeleteAsync<EndpointSlice>(ns, name, cancellationToken);
            Interlocked.Increment(ref _writes);
            _observed.ForgetSlice(key, name);
        }

        if (_observed.Endpoints(key) is { } endpoints)
        {
            await _target.DeleteAsync<Endpoints>(ns, endpoints.Metadata.Name ?? string.Empty, cancellationToken);
            Interlocked.Increment(ref _writes);
            _observed.ForgetEndpoints(key);
        }

        if (_observed.Service(key) is { } service)
        {
            await _target.DeleteAsync<Service>(ns, service.Metadata.Name ?? string.Empty, cancellationToken);
            Interlocked.Increment(ref _writes);
            _observed.ForgetService(key);
        }
    }

    /// <summary>Creates <paramref name="desired"/> or replaces what is there when a field the engine owns differs.</summary>
    private async Task SyncAsync<T>(T desired, T? observed, Func<T, string> fingerprint, Action<T> remember, CancellationToken cancellationToken, Func<T, T, T>? forUpdate = null)
        where T : KubernetesObject
    {
        var ns = desired.Metadata.Namespace ?? string.Empty;
        var name = desired.Metadata.Name ?? string.Empty;
        if (observed is null)
        {
            try
            {
                remember(await _target.CreateAsync(desired, cancellationToken));
                Interlocked.Increment(ref _writes);
                return;
            }
            catch (MirrorTargetException ex) when (ex.Error == MirrorTargetError.AlreadyExists)
            {
                observed = await _target.GetAsync<T>(ns, name, cancellationToken)
                    ?? throw new MirrorTargetException(MirrorTargetError.Conflict, $"{typeof(T).Name} {ns}/{name} vanished between create and read", ex);
                if (!IsOwned(observed))
                {
                    throw new MirrorTargetException(MirrorTargetError.AlreadyExists, $"{typeof(T).Name} {ns}/{name} exists and is not owned by backend {_options.BackendName}; leaving it alone", ex);
                }

                remember(observed);
            }
            catch (MirrorTargetException ex) when (ex.Error == MirrorTargetError.NamespaceNotFound)
            {
                lock (_knownNamespaces)
                {
                    _knownNamespaces.Remove(ns);
                }

                throw;
            }
        }

        if (fingerprint(observed) == fingerprint(desired))
        {
            return;
        }

        var update = forUpdate is null
            ? desired with { Metadata = desired.Metadata with { ResourceVersion = observed.Metadata.ResourceVersion } }
            : forUpdate(observed, desired);
        try
        {
            remember(await _target.ReplaceAsync(update, cancellationToken));
            Interlocked.Increment(ref _writes);
        }
        catch (MirrorTargetException ex) when (ex.Error is MirrorTargetError.Conflict or MirrorTargetError.NotFound)
        {
            // Refresh what the engine knows so the retry starts from the object as it is now.
            var current = await _target.GetAsync<T>(ns, name, cancellationToken);
            if (current is not null && IsOwned(current))
            {
                remember(current);
            }
            else if (current is null)
            {
                Forget(desired);
            }

            throw;
        }
    }

    private void Forget<T>(T obj)
        where T : KubernetesObject
    {
        switch (obj)
        {
            case Service s:
                _observed.ForgetService(s.Key);
                break;
            case Endpoints e:
                _observed.ForgetEndpoints(e.Key);
                break;
            case EndpointSlice slice:
                _observed.ForgetSlice(ObservedState.ServiceKeyOf(slice), slice.Metadata.Name ?? string.Empty);
                break;
        }
    }

    /// <summary>
    /// Makes sure <paramref name="ns"/> exists before the first write into it. Workers that reach a namespace the
    /// engine has not seen yet together share one check: keys arrive grouped by namespace, so without sharing every
    /// worker would send its own GET and spend the client's QPS on them.
    /// </summary>
    private async Task EnsureNamespaceAsync(string ns, CancellationToken cancellationToken)
    {
        TaskCompletionSource? mine = null;
        Task check;
        lock (_knownNamespaces)
        {
            if (_knownNamespaces.Contains(ns))
            {
                return;
            }

            if (!_namespaceChecks.TryGetValue(ns, out var pending))
            {
                mine = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                pending = mine.Task;
                _namespaceChecks[ns] = pending;
            }

            check = pending;
        }

        if (mine is not null)
        {
            try
            {
                await CheckNamespaceAsync(ns, cancellationToken);
                lock (_knownNamespaces)
                {
                    _knownNamespaces.Add(ns);
                }

                mine.SetResult();
            }
            catch (OperationCanceledException ex)
            {
                mine.SetCanceled(ex.CancellationToken);
            }
            catch (Exception ex)
            {
                mine.SetException(ex);
            }
            finally
            {
                lock (_knownNamespaces)
                {
                    _namespaceChecks.Remove(ns);
                }
            }
        }

        await check;
    }

    private async Task CheckNamespaceAsync(string ns, CancellationToken cancellationToken)
    {
        if (await _target.NamespaceExistsAsync(ns, cancellationToken))
        {
            return;
        }

        if (!_options.CreateNamespaces)
        {
            _metrics.DiscovererError(_options.BackendName, _options.BackendType, "NamespaceNotFound");
            LogNamespaceMissing(ns, _options.BackendName);
            throw new MirrorTargetException(MirrorTargetError.NamespaceNotFound, $"namespace {ns} does not exist in the Gimbal cluster");
        }

        await _target.CreateNamespaceAsync(ns, cancellationToken);
        Interlocked.Increment(ref _writes);
        LogNamespaceCreated(ns);
    }

    private bool IsOwned(KubernetesObject obj) =>
        obj.Metadata.Labels?.TryGetValue(GimbalLabels.Backend, out var owner) == true && owner == _ownerLabel;

    /// <summary>
    /// Puts this backend's label on everything the engine will write, so it can find (and only ever delete) its own
    /// objects, and keeps the endpoint objects <see cref="MirrorEngineOptions.EndpointsKind"/> asks for.
    /// </summary>
    private DesiredMirror Normalize(MirroredService mirror)
    {
        var kind = _options.EndpointsKind;
        var service = mirror.Service with { Metadata = mirror.Service.Metadata with { Labels = Owned(mirror.Service.Metadata.Labels) } };
        var endpointLabels = new Dictionary<string, string>(Owned(mirror.Endpoints.Metadata.Labels), StringComparer.Ordinal);
        if (kind == EndpointsKind.Endpoints)
        {
            // The cluster's EndpointSlice mirroring controller makes the slices; an upstream skip-mirror label would stop it.
            endpointLabels.Remove(MirrorLabels.SkipMirror);
        }
        else
        {
            endpointLabels[MirrorLabels.SkipMirror] = "true";
        }

        var endpoints = mirror.Endpoints with
        {
            Metadata = mirror.Endpoints.Metadata with { Name = service.Metadata.Name, Namespace = service.Metadata.Namespace, Labels = endpointLabels },
        };
        return new DesiredMirror(
            service.Key,
            service,
            kind == EndpointsKind.EndpointSlices ? null : endpoints,
            kind == EndpointsKind.Endpoints ? [] : EndpointSliceBuilder.Build(endpoints));
    }

    private Dictionary<string, string> Owned(IReadOnlyDictionary<string, string>? labels) =>
        new(labels ?? new Dictionary<string, string>(), StringComparer.Ordinal) { [GimbalLabels.Backend] = _ownerLabel };

    private void ReportQueue() => _metrics.QueueSizeIs(_options.BackendName, _options.BackendType, _queue.Count);

    private static string NamespaceOf(string key) => key[..Math.Max(0, key.IndexOf('/', StringComparison.Ordinal))];

    private static string ErrorType(Exception ex) => ex is MirrorTargetException m ? m.Error.ToString() : ex.GetType().Name;

    [LoggerMessage(Level = LogLevel.Information, Message = "Backend {Backend}: full reconcile queued {Keys} keys ({Owned} services owned in the Gimbal cluster)")]
    private partial void LogReconcile(string backend, int keys, int owned);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mirroring {Key} failed (attempt {Attempt}); retrying in {Delay}")]
    private partial void LogRetry(Exception exception, string key, int attempt, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Namespace {Namespace} does not exist in the Gimbal cluster; backend {Backend} keeps retrying (set --create-namespaces to create it)")]
    private partial void LogNamespaceMissing(string @namespace, string backend);

    [LoggerMessage(Level = LogLevel.Information, Message = "Created namespace {Namespace} in the Gimbal cluster")]
    private partial void LogNamespaceCreated(string @namespace);

    private static bool IsManagedByGimbal(EndpointSlice slice) =>
        slice.Metadata.Labels?.GetValueOrDefault(MirrorLabels.ManagedBy) == MirrorLabels.ManagedByGimbal;

    private sealed record DesiredMirror(string Key, Service Service, Endpoints? Endpoints, IReadOnlyList<EndpointSlice> Slices);
}
