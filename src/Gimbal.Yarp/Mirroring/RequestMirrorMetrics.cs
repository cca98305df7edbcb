using System.Diagnostics;
using System.Diagnostics.Metrics;
using Gimbal.Yarp.Metrics;

namespace Gimbal.Yarp.Mirroring;

/// <summary>Mirror request outcomes, on the "Gimbal.Yarp" meter.</summary>
internal sealed class RequestMirrorMetrics
{
    private readonly Counter<long> _requests;

    public RequestMirrorMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(GimbalYarpMetrics.MeterName);
        _requests = meter.CreateCounter<long>(
            "gimbal.yarp.mirror.requests",
            description: "Mirror copies by cluster and outcome (sent, failed, skipped_body, dropped, no_destination).");
    }

    public void Record(string cluster, string outcome) => _requests.Add(1, new TagList { { "cluster", cluster }, { "outcome", outcome } });
}
