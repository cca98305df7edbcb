using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text;
using Microsoft.Extensions.Options;

namespace Gimbal.Hosting.Metrics;

/// <summary>
/// Collects the chosen meters' measurements with a <see cref="MeterListener"/> and renders them in
/// the Prometheus text exposition format (version 0.0.4). Observable instruments are read at scrape time.
/// </summary>
public sealed class PrometheusExporter : IDisposable
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Instrument, MetricFamily> _families = new();
    private readonly Lock _scrapeGate = new();

    public PrometheusExporter(IOptions<PrometheusExporterOptions> options)
    {
        var settings = options.Value;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (settings.Includes(instrument.Meter.Name))
            {
                listener.EnableMeasurementEvents(instrument, _families.GetOrAdd(instrument, i => new MetricFamily(i, settings.HistogramBuckets)));
            }
        };
        _listener.MeasurementsCompleted = (instrument, _) => _families.TryRemove(instrument, out MetricFamily? _);
        _listener.SetMeasurementEventCallback<long>((_, value, tags, state) => ((MetricFamily)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<int>((_, value, tags, state) => ((MetricFamily)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<double>((_, value, tags, state) => ((MetricFamily)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<float>((_, value, tags, state) => ((MetricFamily)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<decimal>((_, value, tags, state) => ((MetricFamily)state!).Record((double)value, tags));
        _listener.Start();
    }

    /// <summary>The current values of every exported metric, families sorted by name.</summary>
    public string Scrape()
    {
        lock (_scrapeGate)
        {
            _listener.RecordObservableInstruments();
            var text = new StringBuilder();
            // Same-named instruments of different kinds cannot share a family; the first kind wins.
            foreach (var group in _families.Values.GroupBy(f => f.Name, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var first = group.First();
                MetricFamily.WriteGroup(text, group.Where(f => f.Kind == first.Kind).ToList());
            }

            return text.ToString();
        }
    }

    public void Dispose() => _listener.Dispose();
}
