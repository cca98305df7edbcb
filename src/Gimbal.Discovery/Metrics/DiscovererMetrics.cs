using System.Diagnostics.Metrics;

namespace Gimbal.Discovery.Metrics;

/// <summary>
/// The original Gimbal discoverers' metrics, same names and labels, shared by every discoverer
/// (Kubernetes, OpenStack). Counters and gauges are created on the "Gimbal.Discovery" meter.
/// </summary>
public sealed class DiscovererMetrics
{
    /// <summary>The meter every discoverer metric is created on: "Gimbal.Discovery".</summary>
    public const string MeterName = "Gimbal.Discovery";

    /// <summary>Gauge: Unix time (seconds) of the last event seen for a service; labels namespace, backendname, name, backendtype.</summary>
    public const string ServiceEventTimestamp = "gimbal_service_event_timestamp";
    /// <summary>Gauge: Unix time (seconds) of the last event seen for an endpoints; labels namespace, backendname, name, backendtype.</summary>
    public const string EndpointsEventTimestamp = "gimbal_endpoints_event_timestamp";
    /// <summary>Counter: errors mirroring a service; labels namespace, backendname, name, backendtype, errortype.</summary>
    public const string ServiceErrorTotal = "gimbal_service_error_total";
    /// <summary>Counter: errors mirroring an endpoints; labels namespace, backendname, name, backendtype, errortype.</summary>
    public const string EndpointsErrorTotal = "gimbal_endpoints_error_total";
    /// <summary>Gauge: items waiting in the discoverer's work queue; labels backendname, backendtype.</summary>
    public const string QueueSize = "gimbal_queuesize";
    /// <summary>Gauge: milliseconds the last request to the discovered API took; labels backendname, backendtype, path.</summary>
    public const string ApiLatencyMilliseconds = "gimbal_discoverer_api_latency_milliseconds";
    /// <summary>Histogram: seconds a full discovery cycle took; labels backendname, backendtype.</summary>
    public const string CycleDurationSeconds = "gimbal_discoverer_cycle_duration_seconds";
    /// <summary>Counter: discoverer errors not tied to one service (authentication, listing, ...); labels backendname, backendtype, errortype.</summary>
    public const string DiscovererErrorTotal = "gimbal_discoverer_error_total";
    /// <summary>Gauge: services in the upstream backend, per namespace; labels backendname, namespace, backendtype.</summary>
    public const string UpstreamServicesTotal = "gimbal_discoverer_upstream_services_total";
    /// <summary>Gauge: services mirrored into the Gimbal cluster, per namespace; labels backendname, namespace, backendtype.</summary>
    public const string ReplicatedServicesTotal = "gimbal_discoverer_replicated_services_total";
    /// <summary>Gauge: upstream services that could not be mirrored, per namespace; labels backendname, namespace, backendtype.</summary>
    public const string InvalidServicesTotal = "gimbal_discoverer_invalid_services_total";
    /// <summary>Gauge: endpoints of an upstream service; labels backendname, namespace, backendtype, servicename.</summary>
    public const string UpstreamEndpointsTotal = "gimbal_discoverer_upstream_endpoints_total";
    /// <summary>Gauge: endpoints of a service mirrored into the Gimbal cluster; labels backendname, namespace, backendtype, servicename.</summary>
    public const string ReplicatedEndpointsTotal = "gimbal_discoverer_replicated_endpoints_total";
    /// <summary>Gauge: endpoints of an upstream service that could not be mirrored; labels backendname, namespace, backendtype, servicename.</summary>
    public const string InvalidEndpointsTotal = "gimbal_discoverer_invalid_endpoints_total";
    /// <summary>Gauge, always 1: the discoverer's identity; labels backendname, version, backendtype.</summary>
    public const string Info = "gimbal_discoverer_info";

    private readonly Counter<long> _serviceErrors;
    private readonly Counter<long> _endpointsErrors;
    private readonly Counter<long> _discovererErrors;
    private readonly Histogram<double> _cycleDuration;
    private readonly GaugeValues _serviceEvents = new();
    private readonly GaugeValues _endpointsEvents = new();
    private readonly GaugeValues _queueSize = new();
    private readonly GaugeValues _apiLatency = new();
    private readonly GaugeValues _info = new();
    private readonly Dictionary<string, GaugeValues> _totals = new(StringComparer.Ordinal);

    /// <summary>Creates the instruments on the "Gimbal.Discovery" meter of <paramref name="meterFactory"/>. One instance per host; thread-safe.</summary>
    /// <param name="meterFactory">The host's meter factory.</param>
    public DiscovererMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        meter.CreateObservableGauge(ServiceEventTimestamp, _serviceEvents.Read, null, "Unix time (seconds) of the last event seen for a service");
        meter.CreateObservableGauge(EndpointsEventTimestamp, _endpointsEvents.Read, null, "Unix time (seconds) of the last event seen for an endpoints");
        _serviceErrors = meter.CreateCounter<long>(ServiceErrorTotal, null, "Number of errors mirroring a service");
        _endpointsErrors = meter.CreateCounter<long>(EndpointsErrorTotal, null, "Number of errors mirroring an endpoints");
        meter.CreateObservableGauge(QueueSize, _queueSize.Read, null, "Number of items waiting in the discoverer's work queue");
        meter.CreateObservableGauge(ApiLatencyMilliseconds, _apiLatency.Read, "ms", "Milliseconds a request to the discovered API took");
        _cycleDuration = meter.CreateHistogram<double>(CycleDurationSeconds, "s", "Seconds a full discovery cycle took");
        _discovererErrors = meter.CreateCounter<long>(DiscovererErrorTotal, null, "Number of discoverer errors");
        foreach (var (name, help) in new[]
        {
            (UpstreamServicesTotal, "Services in the upstream backend"),
            (ReplicatedServicesTotal, "Services mirrored into the Gimbal cluster"),
            (InvalidServicesTotal, "Upstream services that could not be mirrored"),
            (UpstreamEndpointsTotal, "Endpoints of an upstream service"),
            (ReplicatedEndpointsTotal, "Endpoints of a service mirrored into the Gimbal cluster"),
            (InvalidEndpointsTotal, "Endpoints of an upstream service that could not be mirrored"),
        })
        {
            var values = new GaugeValues();
            _totals[name] = values;
            meter.CreateObservableGauge(name, values.Read, null, help);
        }

        meter.CreateObservableGauge(Info, _info.Read, null, "Information about the discoverer");
    }

    /// <summary>Sets <see cref="Info"/> for this discoverer.</summary>
    /// <param name="backendName">The backend's name.</param>
    /// <param name="backendType">"kubernetes" or "openstack".</param>
    /// <param name="version">The discoverer's version.</param>
    public void SetInfo(string backendName, string backendType, string version) =>
        _info.Set(1, Tag("backendname", backendName), Tag("version", version), Tag("backendtype", backendType));

    /// <summary>Sets <see cref="ServiceEventTimestamp"/> for one upstream service.</summary>
    /// <param name="backendName">The backend's name.</param>
    /// <param name="backendType">"kubernetes" or "openstack".</param>
    /// <param name="ns">The service's namespace.</param>
    /// <param name="name">The service's name.</param>
    /// <param name="at">When the event was seen.</param>
    public void ServiceEvent(string backendName, string backendType, string ns, string name, DateTimeOffset at) =>
        _serviceEvents.Set(at.ToUnixTimeMilliseconds() / 1000.0, Tag("namespace", ns), Tag("backendname", backendName), Tag("name", name), Tag("backendtype", backendType));

    /// <summary>Sets <see cref="EndpointsEventTimestamp"/> for one upstream endpoints.</summary>
    /// <param name="backendName">The backend's name.</param>
    /// <param name="backendType">"kubernetes" or "openstack".</param>
    /// <param name="ns">The endpoints' namespace.</param>
    /// <param name="name">The endpoints' name.</param>
    /// <param name="at">When the event was seen.</param>
    public void EndpointsEvent(string backendName, string backendType, string ns, string name, DateTimeOffset at) =>
        _endpointsEvents.Set(at.ToUnixTimeMilliseconds() / 1000.0, Tag("namespace", ns), Tag("backendname", backendName), Tag("name", name), Tag("backendtype", backendType));

    /// <summary>Counts a failure to mirror a service in <see cref="ServiceErrorTotal"/>.</summary>
    /// <param name="backendName">The backend's name.</param>
    /// <param name="backendType">"kubernetes" or "openstack".</param>
    /// <param name="ns">The service's namespace.</param>
    /// <param name="name">The service's name.</param>
    /// <param name="errorType">The <see cref="Mirroring.MirrorTargetError"/> name, or the exception type name.</param>
    public void ServiceError(string backendName, string backendType, string ns, string name, string errorType) =>
        _serviceErrors.Add(1, Tag("namespace", ns), Tag("backendname", backendName), Tag("name", name), Tag("backendtype", backendType), Tag("errortype", errorType));

    /// <summary>Counts a failure to mirror an endpoints in <see cref="EndpointsErrorTotal"/>.</summary>
    /// <param name="backendName">The backend's name.</param>
    /// <param name="backendType">"kubernetes" or "openstack".</param>
    /// <param name="ns">The endpoints' namespace.</param>
    /// <param name="name">The endpoints' name.</param>
    /// <param name="errorType">The <see cref="Mirroring.MirrorTargetError"/> name, or the exception type name.</param>
    public void EndpointsError(string backendName, string backendType, string ns, string name, string errorType) =>
        _endpointsErrors.Add(1, Tag("namespace", ns), Tag("backendname", backendName), Tag("name", name), Tag("backendtype", backendType), Tag("errortype", errorType));

    /// <summary>Counts a discoverer-wide error in <see cref="DiscovererErrorTotal"/>.</summary>
    /// <param name="backendName">The backend's name.</param>
    /// <param name="backendType">"kubernetes" or "openstack".</param>
    /// <param name="errorType">A short error class, e.g. "UpstreamUnreachable", "NamespaceNotFound" or "ListProjects".</param>
    public void DiscovererError(string backendName, string backendType, string errorType) =>
        _discovererErrors.Add(1, Tag("backendname", backendName), Tag("backendtype", backendType), Tag("errortype", errorType));

    /// <summary>Sets <see cref="QueueSize"/>.</summary>
    /// <param name="backendName">The backend's name.</param>
    /// <param name="backendType">"kubernetes" or "openstack".</param>
    /// <param name="size">Items waiting in the work queue.</param>
    public void QueueSizeIs(string backendName, string backendType, int size) =>
        _queueSize.Set(size, Tag("backendname", backendName), Tag("backendtype", backendType));

    /// <summary>Sets <see cref="ApiLatencyMilliseconds"/> for one API path.</summary>
    /// <param name="backendName">The backend's name.</param>
    /// <param name="backendType">"kubernetes" or "openstack".</param>
    /// <param name="path">The API path or operation, e.g. "/v3/auth/tokens".</param>
    /// <param name="latency">How long the request took.</param>
    public void ApiLatency(string backendName, string backendType, string path, TimeSpan latency) =>
        _apiLatency.Set(latency.TotalMilliseconds, Tag("backendname", backendName), Tag("backendtype", backendType), Tag("path", path));

    /// <summary>Records a full discovery cycle in <see cref="CycleDurationSeconds"/>.</summary>
    /// <param name="backendName">The backend's name.</param>
    /// <param name="backendType">"kubernetes" or "openstack".</param>
    /// <param name="duration">How long the cycle took.</param>
    public void CycleDuration(string backendName, string backendType, TimeSpan duration) =>
        _cycleDuration.Record(duration.TotalSeconds, Tag("backendname", backendName), Tag("backendtype", backendType));

    /// <summary>Sets a per-namespace services total (upstream, replicated or invalid) for every namespace of the backend at once.</summary>
    public void SetServiceTotals(string metric, string backendName, string backendType, IReadOnlyDictionary<string, int> perNamespace) =>
        Totals(metric).ReplaceScope(
            [Tag("backendname", backendName), Tag("backendtype", backendType)],
            perNamespace.Select(p => ((double)p.Value, new[] { Tag("backendname", backendName), Tag("namespace", p.Key), Tag("backendtype", backendType) })));

    /// <summary>Sets a per-service endpoints total (upstream, replicated or invalid) for every service of the backend at once.</summary>
    public void SetEndpointsTotals(string metric, string backendName, string backendType, IReadOnlyDictionary<(string Namespace, string Service), int> perService) =>
        Totals(metric).ReplaceScope(
            [Tag("backendname", backendName), Tag("backendtype", backendType)],
            perService.Select(p => ((double)p.Value, new[] { Tag("backendname", backendName), Tag("namespace", p.Key.Namespace), Tag("backendtype", backendType), Tag("servicename", p.Key.Service) })));

    /// <summary>Like <see cref="SetServiceTotals"/>, but <paramref name="perNamespace"/> is asked for the values whenever metrics are collected.</summary>
    public void ObserveServiceTotals(string metric, string backendName, string backendType, Func<IReadOnlyDictionary<string, int>> perNamespace) =>
        Totals(metric).Observe(
            [Tag("backendname", backendName), Tag("backendtype", backendType)],
            () => perNamespace().Select(p => ((double)p.Value, new[] { Tag("backendname", backendName), Tag("namespace", p.Key), Tag("backendtype", backendType) })));

    /// <summary>Like <see cref="SetEndpointsTotals"/>, but <paramref name="perService"/> is asked for the values whenever metrics are collected.</summary>
    public void ObserveEndpointsTotals(string metric, string backendName, string backendType, Func<IReadOnlyDictionary<(string Namespace, string Service), int>> perService) =>
        Totals(metric).Observe(
            [Tag("backendname", backendName), Tag("backendtype", backendType)],
            () => perService().Select(p => ((double)p.Value, new[] { Tag("backendname", backendName), Tag("namespace", p.Key.Namespace), Tag("backendtype", backendType), Tag("servicename", p.Key.Service) })));

    private GaugeValues Totals(string metric) =>
        _totals.TryGetValue(metric, out var values) ? values : throw new ArgumentException($"{metric} is not a services or endpoints total", nameof(metric));

    private static KeyValuePair<string, object?> Tag(string key, string value) => new(key, value);
}
