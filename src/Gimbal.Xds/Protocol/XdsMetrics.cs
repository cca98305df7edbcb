using System.Diagnostics.Metrics;

namespace Gimbal.Xds.Protocol;

/// <summary>xDS server metrics: streams, responses, bytes, and rejected (NACKed) configuration.</summary>
public sealed class XdsMetrics
{
    /// <summary>The meter of the xDS metrics: "Gimbal.Xds".</summary>
    public const string MeterName = "Gimbal.Xds";
    private readonly Counter<long> _responses;
    private readonly Counter<long> _resources;
    private readonly Counter<long> _nacks;
    private readonly UpDownCounter<long> _streams;

    /// <summary>Creates gimbal_xds_responses, gimbal_xds_resources_sent, gimbal_xds_nacks and gimbal_xds_streams on the host's meter. Thread-safe.</summary>
    /// <param name="meterFactory">The host's meter factory.</param>
    public XdsMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _responses = meter.CreateCounter<long>("gimbal_xds_responses", description: "Discovery responses sent, by type");
        _resources = meter.CreateCounter<long>("gimbal_xds_resources_sent", description: "Resources sent, by type");
        _nacks = meter.CreateCounter<long>("gimbal_xds_nacks", description: "Responses a client rejected, by type");
        _streams = meter.CreateUpDownCounter<long>("gimbal_xds_streams", description: "Open xDS streams");
    }

    /// <summary>Counts one response and the resources in it, labelled with the short type name (e.g. "Cluster").</summary>
    /// <param name="typeUrl">The response's type URL.</param>
    /// <param name="resources">How many resources it carried.</param>
    public void ResponseSent(string typeUrl, int resources)
    {
        var tag = new KeyValuePair<string, object?>("type", ShortType(typeUrl));
        _responses.Add(1, tag);
        _resources.Add(resources, tag);
    }

    /// <summary>Counts a response a client rejected (an error_detail in its request), labelled with the short type name.</summary>
    /// <param name="typeUrl">The rejected type URL.</param>
    public void Nack(string typeUrl) => _nacks.Add(1, new KeyValuePair<string, object?>("type", ShortType(typeUrl)));

    /// <summary>Adds one to the open streams.</summary>
    public void StreamOpened() => _streams.Add(1);

    /// <summary>Removes one from the open streams.</summary>
    public void StreamClosed() => _streams.Add(-1);

    private static string ShortType(string typeUrl) => typeUrl[(typeUrl.LastIndexOf('.') + 1)..];
}
