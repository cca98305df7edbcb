using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Gimbal.Kubernetes.Diagnostics;

/// <summary>
/// The client's instruments: requests by verb, resource and code with latency, watch restarts and informer re-lists.
/// One instance per client factory (or per client when made by hand); every measurement carries the cluster name.
/// </summary>
public sealed class KubernetesClientMetrics : IDisposable
{
    /// <summary>The name of the meter: "Gimbal.Kubernetes.Client". Listen to it (or export it) to see the instruments.</summary>
    public const string MeterName = "Gimbal.Kubernetes.Client";

    private readonly Meter _meter;
    private readonly Counter<long> _requests;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _watchRestarts;
    private readonly Counter<long> _relists;
    private readonly Counter<long> _rateLimited;

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/>, or on a meter of its own when null.</summary>
    /// <param name="meterFactory">The host's meter factory, so the meter is disposed with the host; null for a standalone meter.</param>
    public KubernetesClientMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _requests = _meter.CreateCounter<long>("gimbal.kubernetes.client.requests", "{request}", "API requests by verb, resource and HTTP code.");
        _duration = _meter.CreateHistogram<double>("gimbal.kubernetes.client.request.duration", "s", "API request latency until the answer's headers (or the whole body for lists).");
        _watchRestarts = _meter.CreateCounter<long>("gimbal.kubernetes.client.watch.restarts", "{restart}", "Watches started again after they ended or failed.");
        _relists = _meter.CreateCounter<long>("gimbal.kubernetes.client.informer.relists", "{relist}", "Full lists by informers (initial sync, 410 Gone, errors).");
        _rateLimited = _meter.CreateCounter<long>("gimbal.kubernetes.client.rate_limited", "{request}", "Requests that waited for the client-side rate limiter.");
    }

    /// <summary>Records one API request in gimbal.kubernetes.client.requests and its latency in gimbal.kubernetes.client.request.duration.</summary>
    /// <param name="cluster">The client's configuration name.</param>
    /// <param name="verb">The verb: get, list, watch, create, update, patch or delete.</param>
    /// <param name="resource">The resource plural (or the path for raw requests).</param>
    /// <param name="code">The HTTP status code; 0 when no answer arrived.</param>
    /// <param name="elapsed">Time until the answer's headers (or body, for lists).</param>
    public void Request(string cluster, string verb, string resource, int code, TimeSpan elapsed)
    {
        var tags = new TagList { { "cluster", cluster }, { "verb", verb }, { "resource", resource }, { "code", code } };
        _requests.Add(1, tags);
        _duration.Record(elapsed.TotalSeconds, tags);
    }

    /// <summary>Counts a watch started again (gimbal.kubernetes.client.watch.restarts).</summary>
    /// <param name="cluster">The client's configuration name.</param>
    /// <param name="resource">The resource plural.</param>
    /// <param name="reason">Why the previous watch ended, "closed", "expired" (410 Gone) or "error".</param>
    public void WatchRestart(string cluster, string resource, string reason) =>
        _watchRestarts.Add(1, new TagList { { "cluster", cluster }, { "resource", resource }, { "reason", reason } });

    /// <summary>Counts a full list by an informer (gimbal.kubernetes.client.informer.relists).</summary>
    /// <param name="cluster">The client's configuration name.</param>
    /// <param name="resource">The resource plural.</param>
    /// <param name="reason">Why it listed, e.g. "initial", "gone" or "error".</param>
    public void Relist(string cluster, string resource, string reason) =>
        _relists.Add(1, new TagList { { "cluster", cluster }, { "resource", resource }, { "reason", reason } });

    /// <summary>Counts a request that had to wait for the client-side rate limiter (gimbal.kubernetes.client.rate_limited).</summary>
    /// <param name="cluster">The client's configuration name.</param>
    public void RateLimited(string cluster) => _rateLimited.Add(1, new TagList { { "cluster", cluster } });

    /// <summary>Disposes the meter and its instruments.</summary>
    public void Dispose() => _meter.Dispose();
}
