using System.Diagnostics;
using System.Diagnostics.Metrics;
using Gimbal.Yarp.Metrics;

namespace Gimbal.Yarp.Tcp;

/// <summary>TCP proxy instruments, on the same "Gimbal.Yarp" meter as the HTTP ones.</summary>
internal sealed class TcpProxyMetrics
{
    private readonly Counter<long> _connections;
    private readonly UpDownCounter<long> _active;
    private readonly Counter<long> _bytes;

    /// <summary>Creates the instruments.</summary>
    public TcpProxyMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(GimbalYarpMetrics.MeterName);
        _connections = meter.CreateCounter<long>(
            "gimbal.yarp.tcp.connections", description: "TCP proxy connections by mode (passthrough, terminated), cluster and outcome.");
        _active = meter.CreateUpDownCounter<long>("gimbal.yarp.tcp.active_connections", description: "TCP proxy connections open now, by mode.");
        _bytes = meter.CreateCounter<long>(
            "gimbal.yarp.tcp.bytes", unit: "By", description: "Bytes proxied by TCP proxy connections, by mode and direction (upstream, downstream).");
    }

    internal void Opened(string mode) => _active.Add(1, new KeyValuePair<string, object?>("mode", mode));

    internal void Closed(string mode, string cluster, string outcome, long upstreamBytes, long downstreamBytes)
    {
        _active.Add(-1, new KeyValuePair<string, object?>("mode", mode));
        _connections.Add(1, new TagList { { "mode", mode }, { "cluster", cluster }, { "outcome", outcome } });
        _bytes.Add(upstreamBytes, new TagList { { "mode", mode }, { "direction", "upstream" } });
        _bytes.Add(downstreamBytes, new TagList { { "mode", mode }, { "direction", "downstream" } });
    }
}
