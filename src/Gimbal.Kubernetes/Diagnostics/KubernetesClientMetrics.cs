using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Gimbal.Kubernetes.Diagnostics;

/// <summary>
/// The client's instruments: requests by verb, resource and code with latency, watch restarts and informer re-lists.
/// One instance per client factory (or per client when made by hand); every measurement carries the cluster name.
/// </summary>
public sealed class KubernetesClientMetrics : IDisposable
{
    public const string MeterName = "Gimbal.Kubernetes.Client";

    private readonly Meter _meter;
    private readonly Counter<long> _requests;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _watchRestarts;
    private readonly Counter<long> _relists;
    private readonly Counter<long> _rateLimited;

    public KubernetesClientMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _requests = _meter.CreateCounter<long>("gimbal.kubernetes.client.requests", "{request}", "API requests by verb, resource and HTTP code.");
        _duration = _meter.CreateHistogram<double>("gimbal.kubernetes.client.request.duration", "s", "API request latency until the answer's headers (or the whole body for lists).");
        _watchRestarts = _meter.CreateCounter<long>("gimbal.kubernetes.client.watch.restarts", "{restart}", "Watches started again after they ended or failed.");
        _relists = _meter.CreateCounter<long>("gimbal.kubernetes.client.informer.relists", "{relist}", "Full lists by informers (initial sync, 410 Gone, errors).");
        _rateLimited = _meter.CreateCounter<long>("gimbal.kubernetes.client.rate_limited", "{request}", "Requests that waited for the client-side rate limiter.");
    }

    public void Request(string cluster, string verb, string resource, int code, TimeSpan elapsed)
    {
        var tags = new TagList { { "cluster", cluster }, { "verb", verb }, { "resource", resource }, { "code", code } };
        _requests.Add(1, tags);
        _duration.Record(elapsed.TotalSeconds, tags);
    }

    public void WatchRestart(string cluster, string resource, string reason) =>
        _watchRestarts.Add(1, new TagList { { "cluster", cluster }, { "resource", resource }, { "reason", reason } });

    public void Relist(string cluster, string resource, string reason) =>
        _relists.Add(1, new TagList { { "cluster", cluster }, { "resource", resource }, { "reason", reason } });

    public void RateLimited(string cluster) => _rateLimited.Add(1, new TagList { { "cluster", cluster } });

    public void Dispose() => _meter.Dispose();
}
