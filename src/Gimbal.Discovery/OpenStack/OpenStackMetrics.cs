using System.Diagnostics.Metrics;
using Gimbal.Discovery.OpenStack.Api;

namespace Gimbal.Discovery.OpenStack;

/// <summary>
/// The discoverer metrics the OpenStack side records itself: API latency per API path and errors per error
/// type, labelled with backendname and backendtype like every discoverer metric.
/// </summary>
public sealed class OpenStackMetrics : IApiLatencyRecorder
{
    public const string MeterName = "Gimbal.Discovery.OpenStack";
    public const string ApiLatencyName = "gimbal_discoverer_api_latency_milliseconds";
    public const string ErrorTotalName = "gimbal_discoverer_error_total";

    public const string ErrorAuthenticate = "Authenticate";
    public const string ErrorListProjects = "ListProjects";
    public const string ErrorListLoadBalancers = "ListLoadBalancers";
    public const string ErrorListListeners = "ListListeners";
    public const string ErrorListPools = "ListPools";
    public const string ErrorListMembers = "ListMembers";

    private readonly Histogram<double> _latency;
    private readonly Counter<long> _errors;
    private readonly KeyValuePair<string, object?> _backendName;
    private readonly KeyValuePair<string, object?> _backendType = new("backendtype", "openstack");

    public OpenStackMetrics(IMeterFactory meterFactory, string backendName)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _latency = meter.CreateHistogram<double>(ApiLatencyName, "ms", "How long calls to the upstream API took, by API path.");
        _errors = meter.CreateCounter<long>(ErrorTotalName, null, "Errors while reading the upstream, by error type.");
        _backendName = new("backendname", backendName);
    }

    public void Record(string apiPath, TimeSpan elapsed) =>
        _latency.Record(elapsed.TotalMilliseconds, _backendName, _backendType, new KeyValuePair<string, object?>("path", apiPath));

    public void Error(string errorType) =>
        _errors.Add(1, _backendName, _backendType, new KeyValuePair<string, object?>("errortype", errorType));
}
