using Gimbal.Discovery.Metrics;
using Gimbal.Discovery.OpenStack.Api;
using Gimbal.Discovery.OpenStack.Mapping;

namespace Gimbal.Discovery.OpenStack;

/// <summary>
/// The OpenStack discoverer's side of the shared discoverer metrics: API latency per API path, errors per error
/// type (ListProjects, ListLoadBalancers, ListListeners, ListPools, ListMembers, and Authenticate), and the
/// upstream and invalid totals of each cycle.
/// </summary>
public sealed class OpenStackMetrics : IApiLatencyRecorder
{
    /// <summary>errortype of a failed Keystone authentication.</summary>
    public const string ErrorAuthenticate = "Authenticate";
    /// <summary>errortype of a failed project list.</summary>
    public const string ErrorListProjects = "ListProjects";
    /// <summary>errortype of a failed load balancer list.</summary>
    public const string ErrorListLoadBalancers = "ListLoadBalancers";
    /// <summary>errortype of a failed listener list.</summary>
    public const string ErrorListListeners = "ListListeners";
    /// <summary>errortype of a failed pool list.</summary>
    public const string ErrorListPools = "ListPools";
    /// <summary>errortype of a failed member list.</summary>
    public const string ErrorListMembers = "ListMembers";

    private readonly DiscovererMetrics _metrics;
    private readonly string _backendName;

    /// <summary>Records into <paramref name="metrics"/> with backendname <paramref name="backendName"/> and backendtype "openstack".</summary>
    /// <param name="metrics">The shared discoverer metrics.</param>
    /// <param name="backendName">The backend's name.</param>
    public OpenStackMetrics(DiscovererMetrics metrics, string backendName)
    {
        _metrics = metrics;
        _backendName = backendName;
    }

    /// <summary>Sets gimbal_discoverer_api_latency_milliseconds for <paramref name="apiPath"/>.</summary>
    /// <param name="apiPath">The templated API path.</param>
    /// <param name="elapsed">How long the call took.</param>
    public void Record(string apiPath, TimeSpan elapsed) => _metrics.ApiLatency(_backendName, OpenStackDiscoverer.BackendType, apiPath, elapsed);

    /// <summary>Counts an error in gimbal_discoverer_error_total.</summary>
    /// <param name="errorType">One of the Error* constants.</param>
    public void Error(string errorType) => _metrics.DiscovererError(_backendName, OpenStackDiscoverer.BackendType, errorType);

    /// <summary>Records a cycle in gimbal_discoverer_cycle_duration_seconds.</summary>
    /// <param name="elapsed">How long the read and mapping took.</param>
    public void CycleDuration(TimeSpan elapsed) => _metrics.CycleDuration(_backendName, OpenStackDiscoverer.BackendType, elapsed);

    /// <summary>Replaces the upstream and invalid services and endpoints gauges with one cycle's totals (series of vanished namespaces and services go away).</summary>
    /// <param name="totals">The cycle's totals.</param>
    public void Totals(MappingTotals totals)
    {
        var type = OpenStackDiscoverer.BackendType;
        _metrics.SetServiceTotals(DiscovererMetrics.UpstreamServicesTotal, _backendName, type, totals.UpstreamServices);
        _metrics.SetServiceTotals(DiscovererMetrics.InvalidServicesTotal, _backendName, type, totals.InvalidServices);
        _metrics.SetEndpointsTotals(DiscovererMetrics.UpstreamEndpointsTotal, _backendName, type, totals.UpstreamEndpoints);
        _metrics.SetEndpointsTotals(DiscovererMetrics.InvalidEndpointsTotal, _backendName, type, totals.InvalidEndpoints);
    }
}
