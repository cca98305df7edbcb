using System.Diagnostics;
using System.Net;
using System.Threading.Channels;
using Gimbal.Core.Kubernetes;
using Gimbal.Discovery.Metrics;
using Gimbal.Discovery.Mirroring;
using Gimbal.Kubernetes.Client;
using Gimbal.Kubernetes.Errors;
using Gimbal.Kubernetes.Informers;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gimbal.Discovery.Kubernetes;

/// <summary>
/// Mirrors one upstream Kubernetes cluster into the Gimbal cluster: informers on the upstream's Services and
/// Endpoints (and EndpointSlices where served) feed the mirroring engine one Service at a time; a full
/// reconcile at start and every resync interval also collects this backend's orphans. Changes are handled
/// on one loop, so a full reconcile and a single change never overtake each other.
/// </summary>
public sealed partial class KubernetesDiscoverer : BackgroundService
{
    /// <summary>The backendtype label value of this discoverer's metrics and mirrors: "kubernetes".</summary>
    public const string BackendType = "kubernetes";

    private readonly KubernetesClient _upstream;
    private readonly MirrorEngine _engine;
    private readonly KubernetesMirrorMapper _mapper;
    private readonly KubernetesDiscovererOptions _options;
    private readonly DiscovererMetrics _metrics;
    private readonly ILogger<KubernetesDiscoverer> _logger;
    private readonly TimeProvider _time;
    private readonly Channel<string> _changes = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Informer<Service> _services;
    private readonly Informer<Endpoints> _endpoints;
    private Informer<EndpointSlice>? _slices;

    /// <summary>A discoverer of the <paramref name="upstream"/> cluster; it starts watching when the host starts it.</summary>
    /// <param name="upstream">The client of the upstream cluster (read-only access to services and endpoints is enough).</param>
    /// <param name="engine">The engine that writes mirrors into the Gimbal cluster.</param>
    /// <param name="mapper">Decides what is mirrored and how mirrors are named.</param>
    /// <param name="options">Namespaces, resync and probe intervals, retry delays.</param>
    /// <param name="metrics">The discoverer metrics.</param>
    /// <param name="logger">Where reconcile and reachability changes are logged.</param>
    /// <param name="time">The clock of resyncs, probes and retries; null uses the system clock.</param>
    public KubernetesDiscoverer(
        KubernetesClient upstream,
        MirrorEngine engine,
        KubernetesMirrorMapper mapper,
        KubernetesDiscovererOptions options,
        DiscovererMetrics metrics,
        ILogger<KubernetesDiscoverer> logger,
        TimeProvider? time = null)
    {
        _upstream = upstream;
        _engine = engine;
        _mapper = mapper;
        _options = options;
        _metrics = metrics;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        var informerOptions = new InformerOptions { InitialBackoff = options.UpstreamRetryInitialDelay, MaxBackoff = options.UpstreamRetryMaxDelay };
        _services = upstream.CreateInformer(KubernetesResources.Services, informerOptions, _time);
        _endpoints = upstream.CreateInformer(KubernetesResources.Endpoints, informerOptions, _time);

        // An upstream Service is invalid when the Gimbal cluster refuses its mirror.
        metrics.ObserveServiceTotals(DiscovererMetrics.InvalidServicesTotal, mapper.BackendName, BackendType, engine.RefusedPerNamespace);
    }

    /// <summary>Whether the upstream is listed, reachable and mirrored, for readiness; thread-safe to read.</summary>
    public UpstreamStatus Status { get; } = new();

    /// <summary>The mirroring engine this discoverer feeds.</summary>
    public MirrorEngine Engine => _engine;

    /// <summary>Runs the informers, the probe, the periodic full reconcile and the per-Service change loop until the host stops.</summary>
    /// <param name="stoppingToken">Signalled when the host stops.</param>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var informerOptions = _services.Options;
        if (_options.WatchEndpointSlices && await ServesEndpointSlicesAsync(stoppingToken))
        {
            _slices = _upstream.CreateInformer(KubernetesResources.EndpointSlices, informerOptions, _time);
        }

        using var serviceEvents = _services.AddHandler(s => Changed(s.Key), (_, s) => Changed(s.Key), s => Changed(s.Key));
        using var endpointEvents = _endpoints.AddHandler(e => Changed(e.Key), (_, e) => Changed(e.Key), e => Changed(e.Key));
        using var sliceEvents = _slices?.AddHandler(s => Changed(ServiceKey(s)), (_, s) => Changed(ServiceKey(s)), s => Changed(ServiceKey(s)));

        var running = new List<Task>
        {
            _services.RunAsync(stoppingToken),
            _endpoints.RunAsync(stoppingToken),
            _engine.RunAsync(stoppingToken),
            ProbeLoopAsync(stoppingToken),
        };
        if (_slices is not null)
        {
            running.Add(_slices.RunAsync(stoppingToken));
        }

        try
        {
            await _services.WaitForSyncAsync(stoppingToken);
            await _endpoints.WaitForSyncAsync(stoppingToken);
            if (_slices is not null)
            {
                await _slices.WaitForSyncAsync(stoppingToken);
            }

            Status.MarkSynced();
            LogSynced(_mapper.BackendName, _services.Cache.Count, _endpoints.Cache.Count);
            await ChangeLoopAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            await Task.WhenAll(running).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>The MirrorSet of everything upstream as the informers hold it now.</summary>
    public MirrorSet ReadSet()
    {
        var mirrors = new List<MirroredService>();
        var upstreamPerNamespace = new Dictionary<string, int>(StringComparer.Ordinal);
        var upstreamEndpoints = new Dictionary<(string, string), int>();
        var invalidEndpoints = new Dictionary<(string, string), int>();
        foreach (var service in _services.Cache.List())
        {
            var ns = service.Metadata.Namespace ?? string.Empty;
            if (KubernetesMirrorMapper.IsApiServerService(service))
            {
                continue;
            }

            upstreamPerNamespace[ns] = upstreamPerNamespace.GetValueOrDefault(ns) + 1;
            if (!_mapper.ShouldMirror(service))
            {
                continue;
            }

            var mirror = Map(service);
            mirrors.Add(mirror);
            var addresses = (mirror.Endpoints.Subsets ?? []).SelectMany(s => (s.Addresses ?? []).Concat(s.NotReadyAddresses ?? [])).ToList();
            upstreamEndpoints[(ns, service.Metadata.Name ?? string.Empty)] = addresses.Count;
            invalidEndpoints[(ns, service.Metadata.Name ?? string.Empty)] = addresses.Count(a => !IPAddress.TryParse(a.Ip, out _));
        }

        _metrics.SetServiceTotals(DiscovererMetrics.UpstreamServicesTotal, _mapper.BackendName, BackendType, upstreamPerNamespace);
        _metrics.SetEndpointsTotals(DiscovererMetrics.UpstreamEndpointsTotal, _mapper.BackendName, BackendType, upstreamEndpoints);
        _metrics.SetEndpointsTotals(DiscovererMetrics.InvalidEndpointsTotal, _mapper.BackendName, BackendType, invalidEndpoints);

        // The informers only ever hold complete lists: a failed list or watch leaves the last good state.
        return new MirrorSet
        {
            BackendName = _mapper.BackendName,
            BackendType = BackendType,
            Services = mirrors,
            Complete = Status.Synced,
        };
    }

    private async Task ChangeLoopAsync(CancellationToken stoppingToken)
    {
        await ReconcileAsync(stoppingToken);
        var nextResync = _time.GetUtcNow() + _options.ResyncInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = nextResync - _time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                timeout.CancelAfter(wait);
                try
                {
                    if (await _changes.Reader.WaitToReadAsync(timeout.Token))
                    {
                        while (_changes.Reader.TryRead(out var key))
                        {
                            Apply(key);
                        }

                        continue;
                    }
                }
                catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                {
                    // The resync is due.
                }
            }

            await ReconcileAsync(stoppingToken);
            nextResync = _time.GetUtcNow() + _options.ResyncInterval;
        }
    }

    /// <summary>A full reconcile; retried with backoff until it works, as nothing is deleted until it does.</summary>
    private async Task ReconcileAsync(CancellationToken stoppingToken)
    {
        var delay = _options.UpstreamRetryInitialDelay;
        while (true)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                await _engine.ReconcileAsync(ReadSet, stoppingToken);
                Status.MarkReconciled();
                _metrics.CycleDuration(_mapper.BackendName, BackendType, Stopwatch.GetElapsedTime(started));
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                _metrics.DiscovererError(_mapper.BackendName, BackendType, "ReconcileFailed");
                LogReconcileFailed(ex, _mapper.BackendName, delay);
                await Task.Delay(delay, _time, stoppingToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.UpstreamRetryMaxDelay.Ticks));
            }
        }
    }

    /// <summary>One upstream Service (or its endpoints) changed: hand its mirror, or its removal, to the engine.</summary>
    private void Apply(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return;
        }

        var ns = key[..slash];
        var name = key[(slash + 1)..];
        var service = _services.Cache.Get(ns, name);
        if (service is not null && _mapper.ShouldMirror(service))
        {
            _engine.Upsert(Map(service));
            _metrics.ServiceEvent(_mapper.BackendName, BackendType, ns, name, _time.GetUtcNow());
        }
        else if (_mapper.ShouldMirrorNamespace(ns) && !(service is not null && KubernetesMirrorMapper.IsApiServerService(service)))
        {
            // Gone upstream, or now carries a backend label: the engine deletes the mirror only if this backend owns it.
            _engine.Remove(ns, _mapper.MirroredName(name));
        }
    }

    private MirroredService Map(Service service)
    {
        var ns = service.Metadata.Namespace ?? string.Empty;
        var name = service.Metadata.Name ?? string.Empty;
        if (_slices is not null)
        {
            var slices = _slices.Cache.ListByLabel(MirrorLabels.ServiceName, name).Where(s => s.Metadata.Namespace == ns).ToList();
            if (slices.Count > 0)
            {
                return _mapper.Map(service, KubernetesMirrorMapper.EndpointsFromSlices(ns, name, slices));
            }
        }

        return _mapper.Map(service, _endpoints.Cache.Get(ns, name));
    }

    private void Changed(string key) => _changes.Writer.TryWrite(key);

    private static string ServiceKey(EndpointSlice slice) =>
        $"{slice.Metadata.Namespace}/{slice.Metadata.Labels?.GetValueOrDefault(MirrorLabels.ServiceName) ?? string.Empty}";

    private async Task<bool> ServesEndpointSlicesAsync(CancellationToken stoppingToken)
    {
        var delay = _options.UpstreamRetryInitialDelay;
        while (true)
        {
            try
            {
                var resources = await _upstream.GetRawAsync("apis/discovery.k8s.io/v1", stoppingToken);
                return resources.TryGetProperty("resources", out var list) && list.EnumerateArray().Any(r => r.TryGetProperty("name", out var n) && n.GetString() == "endpointslices");
            }
            catch (KubernetesNotFoundException)
            {
                return false;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                ReportReachable(false, ex);
                await Task.Delay(delay, _time, stoppingToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.UpstreamRetryMaxDelay.Ticks));
            }
        }
    }

    /// <summary>
    /// Informers retry quietly; this probe is what says the upstream is unreachable (metric, log, readiness).
    /// What is mirrored stays: nothing is deleted while the informers cannot list.
    /// </summary>
    private async Task ProbeLoopAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.ProbeInterval, _time);
        try
        {
            do
            {
                try
                {
                    var started = Stopwatch.GetTimestamp();
                    await _upstream.GetRawAsync("version", stoppingToken);
                    _metrics.ApiLatency(_mapper.BackendName, BackendType, "/version", Stopwatch.GetElapsedTime(started));
                    ReportReachable(true, null);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    ReportReachable(false, ex);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void ReportReachable(bool reachable, Exception? ex)
    {
        if (!reachable)
        {
            _metrics.DiscovererError(_mapper.BackendName, BackendType, "UpstreamUnreachable");
        }

        if (Status.SetReachable(reachable))
        {
            if (reachable)
            {
                LogUpstreamBack(_mapper.BackendName);
            }
            else
            {
                LogUpstreamDown(ex, _mapper.BackendName);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Backend {Backend}: upstream listed ({Services} services, {Endpoints} endpoints)")]
    private partial void LogSynced(string backend, int services, int endpoints);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Backend {Backend}: full reconcile failed; nothing deleted, retrying in {Delay}")]
    private partial void LogReconcileFailed(Exception exception, string backend, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Error, Message = "Backend {Backend}: upstream API unreachable; keeping what is mirrored")]
    private partial void LogUpstreamDown(Exception? exception, string backend);

    [LoggerMessage(Level = LogLevel.Information, Message = "Backend {Backend}: upstream API reachable again")]
    private partial void LogUpstreamBack(string backend);
}
