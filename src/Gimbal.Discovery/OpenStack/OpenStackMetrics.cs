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
    public const string ErrorAuthenticate = "Authenticate";
    public const string ErrorListProjects = "ListProjects";
    public const string ErrorListLoadBalancers = "ListLoadBalancers";
    public const string ErrorListListeners = "ListListeners";
    public const string ErrorListPools = "ListPools";
    public const string ErrorListMembers = "ListMembers";

    private readonly DiscovererMetrics _metrics;
    private readonly string _backendName;

    public OpenStackMetrics(DiscovererMetrics metrics, string backendName)
    {
        _metrics = metrics;
        _backendName = backendName;
    }

    public void Record(string apiPath, TimeSpan elapsed) => _metrics.ApiLatency(_backendName, OpenStackDiscoverer.BackendType, apiPath, elapsed);

    public void Error(string errorType) => _metrics.DiscovererError(_backendName, OpenStackDiscoverer.BackendType, errorType);

    public void CycleDuration(TimeSpan elapsed) => _metrics.CycleDuration(_backendName, OpenStackDiscoverer.BackendType, elapsed);

    public void Totals(MappingTotals totals)
    {
        var type = OpenStackDiscoverer.BackendType;
        _metrics.SetServiceTotals(DiscovererMetrics.UpstreamServicesTotal, _backendName, type, totals.UpstreamServices);
        _metrics.SetServiceTotals(DiscovererMetrics.InvalidServicesTotal, _backendName, type, totals.InvalidServices);
        _metrics.SetEndpointsTotals(DiscovererMetrics.UpstreamEndpointsTotal, _backendName, type, totals.UpstreamEndpoints);
        _metrics.SetEndpointsTotals(DiscovererMetrics.InvalidEndpointsTotal, _backendName, type, totals.InvalidEndpoints);
    }
}
