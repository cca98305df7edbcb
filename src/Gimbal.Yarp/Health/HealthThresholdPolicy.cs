using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using Gimbal.Yarp.Translation;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;

namespace Gimbal.Yarp.Health;

/// <summary>
/// Active health checking with Envoy's two thresholds: a destination turns unhealthy after
/// <c>UnhealthyThreshold</c> failed probes in a row and healthy again only after
/// <c>HealthyThreshold</c> passed probes in a row. YARP's own ConsecutiveFailures policy brings a
/// destination back on its first passed probe. As in Envoy, a destination never probed yet needs
/// one passed probe, and a probe passes on a 200 answer only.
/// </summary>
internal sealed class HealthThresholdPolicy(IDestinationHealthUpdater updater) : IActiveHealthCheckPolicy
{
    public const string PolicyName = "GimbalThresholds";
    public const string HealthyKey = "gimbal.health.healthy";
    public const string UnhealthyKey = "gimbal.health.unhealthy";

    // Streaks live as long as the destination's state, which survives config changes of its cluster.
    private readonly ConditionalWeakTable<DestinationState, Streak> _streaks = new();

    public string Name => PolicyName;

    public void ProbingCompleted(ClusterState cluster, IReadOnlyList<DestinationProbingResult> probingResults)
    {
        if (probingResults.Count == 0)
        {
            return;
        }

        var metadata = cluster.Model.Config.Metadata;
        var healthy = Threshold(metadata, HealthyKey);
        var unhealthy = Threshold(metadata, UnhealthyKey);
        var updates = new NewActiveDestinationHealth[probingResults.Count];
        for (var i = 0; i < probingResults.Count; i++)
        {
            var result = probingResults[i];
            var passed = result.Exception is null && result.Response?.StatusCode == HttpStatusCode.OK;
            var streak = _streaks.GetOrCreateValue(result.Destination);
            updates[i] = new NewActiveDestinationHealth(result.Destination, streak.Next(result.Destination.Health.Active, passed, healthy, unhealthy));
        }

        updater.SetActive(cluster, updates);
    }

    private static int Threshold(IReadOnlyDictionary<string, string>? metadata, string key) =>
        metadata is not null && metadata.TryGetValue(key, out var text) && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : 1;

    /// <summary>Passed or failed probes in a row for one destination.</summary>
    private sealed class Streak
    {
        private readonly Lock _gate = new();
        private int _passed;
        private int _failed;

        public DestinationHealth Next(DestinationHealth current, bool passed, int healthyThreshold, int unhealthyThreshold)
        {
            lock (_gate)
            {
                if (passed)
                {
                    _passed++;
                    _failed = 0;
                    return current == DestinationHealth.Unhealthy && _passed < healthyThreshold ? DestinationHealth.Unhealthy : DestinationHealth.Healthy;
                }

                _failed++;
                _passed = 0;
                return _failed >= unhealthyThreshold ? DestinationHealth.Unhealthy : current;
            }
        }
    }
}
