using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Gimbal.Yarp.Metrics;

/// <summary>The data plane's instruments, on the "Gimbal.Yarp" meter.</summary>
public sealed class GimbalYarpMetrics
{
    /// <summary>The meter of the data plane's instruments: "Gimbal.Yarp".</summary>
    public const string MeterName = "Gimbal.Yarp";

    private readonly Counter<long> _requests;
    private readonly Histogram<double> _upstreamDuration;
    private readonly Counter<long> _fastLaneForwarded;
    private readonly Counter<long> _fastLaneHandoffs;
    private readonly UpDownCounter<long> _fastLaneConnections;
    private long _configVersion;
    private long _lastReloadUnixMs;

    /// <summary>Creates gimbal.yarp.requests, gimbal.yarp.upstream.duration, gimbal.yarp.config.version and gimbal.yarp.config.last_reload. Thread-safe.</summary>
    /// <param name="meterFactory">The host's meter factory.</param>
    public GimbalYarpMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _requests = meter.CreateCounter<long>("gimbal.yarp.requests", description: "Requests served by Gimbal routes, by route, cluster and status code.");
        _upstreamDuration = meter.CreateHistogram<double>(
            "gimbal.yarp.upstream.duration", unit: "s", description: "Time from picking a route until the upstream response completed.");
        _fastLaneForwarded = meter.CreateCounter<long>("gimbal.yarp.fastlane.forwarded", description: "Requests the fast lane forwarded itself.");
        _fastLaneHandoffs = meter.CreateCounter<long>(
            "gimbal.yarp.fastlane.handoffs", description: "Connections the fast lane gave to the full pipeline, by reason.");
        _fastLaneConnections = meter.CreateUpDownCounter<long>("gimbal.yarp.fastlane.connections", description: "Client connections the fast lane holds.");
        meter.CreateObservableGauge("gimbal.yarp.config.version", () => Interlocked.Read(ref _configVersion), description: "Number of route/endpoint tables applied.");
        meter.CreateObservableGauge(
            "gimbal.yarp.config.last_reload", () => Interlocked.Read(ref _lastReloadUnixMs) / 1000.0, unit: "s", description: "Unix time of the last applied change.");
    }

    /// <summary>How many route/endpoint tables have been applied; 0 until the first.</summary>
    public long ConfigVersion => Interlocked.Read(ref _configVersion);

    internal void RecordRequest(string route, string cluster, int statusCode, double seconds)
    {
        var tags = new TagList { { "route", route }, { "cluster", cluster }, { "code", statusCode } };
        _requests.Add(1, tags);
        if (cluster.Length > 0)
        {
            _upstreamDuration.Record(seconds, new TagList { { "route", route }, { "cluster", cluster } });
        }
    }

    internal void RecordFastLaneForward() => _fastLaneForwarded.Add(1);

    internal void RecordFastLaneHandoff(string reason) => _fastLaneHandoffs.Add(1, new KeyValuePair<string, object?>("reason", reason));

    internal void RecordFastLaneConnection(int change) => _fastLaneConnections.Add(change);

    internal long RecordReload(DateTimeOffset now)
    {
        Interlocked.Exchange(ref _lastReloadUnixMs, now.ToUnixTimeMilliseconds());
        return Interlocked.Increment(ref _configVersion);
    }
}
