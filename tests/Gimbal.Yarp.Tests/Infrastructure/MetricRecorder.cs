using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Gimbal.Yarp.Tests.Infrastructure;

/// <summary>Records the measurements of one instrument of the "Gimbal.Yarp" meter, with their tags.</summary>
public sealed class MetricRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(long Value, Dictionary<string, string?> Tags)> _measurements = new();

    public MetricRecorder(string instrument)
    {
        _listener.InstrumentPublished = (i, l) =>
        {
            if (i.Meter.Name == "Gimbal.Yarp" && i.Name == instrument)
            {
                l.EnableMeasurementEvents(i);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var copy = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var tag in tags)
            {
                copy[tag.Key] = tag.Value?.ToString();
            }

            _measurements.Enqueue((value, copy));
        });
        _listener.Start();
    }

    /// <summary>The sum of the measurements whose tags include all of <paramref name="tags"/>.</summary>
    public long Sum(params (string Key, string Value)[] tags) =>
        _measurements.Where(m => tags.All(t => m.Tags.GetValueOrDefault(t.Key) == t.Value)).Sum(m => m.Value);

    public void Dispose() => _listener.Dispose();
}
