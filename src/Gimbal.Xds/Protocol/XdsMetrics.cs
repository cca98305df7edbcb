using System.Diagnostics.Metrics;

namespace Gimbal.Xds.Protocol;

/// <summary>xDS server metrics: streams, responses, bytes, and rejected (NACKed) configuration.</summary>
public sealed class XdsMetrics
{
    public const string MeterName = "Gimbal.Xds";
    private readonly Counter<long> _responses;
    private readonly Counter<long> _resources;
    private readonly Counter<long> _nacks;
    private readonly UpDownCounter<long> _streams;

    public XdsMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _responses = meter.CreateCounter<long>("gimbal_xds_responses", description: "Discovery responses sent, by type");
        _resources = meter.CreateCounter<long>("gimbal_xds_resources_sent", description: "Resources sent, by type");
        _nacks = meter.CreateCounter<long>("gimbal_xds_nacks", description: "Responses a client rejected, by type");
        _streams = meter.CreateUpDownCounter<long>("gimbal_xds_streams", description: "Open xDS streams");
    }

    public void ResponseSent(string typeUrl, int resources)
    {
        var tag = new KeyValuePair<string, object?>("type", ShortType(typeUrl));
        _responses.Add(1, tag);
        _resources.Add(resources, tag);
    }

    public void Nack(string typeUrl) => _nacks.Add(1, new KeyValuePair<string, object?>("type", ShortType(typeUrl)));

    public void StreamOpened() => _streams.Add(1);

    public void StreamClosed() => _streams.Add(-1);

    private static string ShortType(string typeUrl) => typeUrl[(typeUrl.LastIndexOf('.') + 1)..];
}
