using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace Gimbal.Hosting.Metrics;

/// <summary>One instrument's series, keyed by their rendered label set.</summary>
internal sealed class MetricFamily
{
    private readonly ConcurrentDictionary<string, Series> _series = new(StringComparer.Ordinal);

    // Measurement tag sets (in the order instruments report them) to their series: the hot path.
    private readonly ConcurrentDictionary<TagSet, Series> _byTags = new();
    private readonly IReadOnlyList<double> _buckets;

    public MetricFamily(Instrument instrument, IReadOnlyList<double> buckets)
    {
        _buckets = buckets;
        Kind = instrument switch
        {
            Counter<long> or Counter<int> or Counter<double> or ObservableCounter<long> or ObservableCounter<int> or ObservableCounter<double> => MetricKind.Counter,
            Histogram<long> or Histogram<int> or Histogram<double> => MetricKind.Histogram,
            _ => MetricKind.Gauge,
        };
        IsObservable = instrument.IsObservable;
        Name = PrometheusNames.Family(instrument.Name, instrument.Unit, Kind);
        Help = instrument.Description ?? instrument.Name;
    }

    public string Name { get; }

    public string Help { get; }

    public MetricKind Kind { get; }

    public bool IsObservable { get; }

    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var key = TagSet.From(tags);
        if (!_byTags.TryGetValue(key, out var series))
        {
            series = _series.GetOrAdd(key.Render(tags), static (_, buckets) => new Series(buckets), _buckets);
            _byTags.TryAdd(key, series);
        }

        switch (Kind)
        {
            case MetricKind.Histogram:
                series.Observe(value);
                break;
            case MetricKind.Counter when !IsObservable:
            case MetricKind.Gauge when !IsObservable:
                series.Add(value);
                break;
            default:
                series.Set(value);
                break;
        }
    }

    /// <summary>
    /// Writes families that share one Prometheus name (several meters of the same name, e.g. one
    /// Kestrel server per host in the process) as one family: one HELP and TYPE, then every series.
    /// </summary>
    public static void WriteGroup(StringBuilder text, IReadOnlyList<MetricFamily> group)
    {
        var first = group[0];
        var series = group
            .SelectMany(f => f._series)
            .DistinctBy(s => s.Key, StringComparer.Ordinal)
            .OrderBy(s => s.Key, StringComparer.Ordinal)
            .ToList();
        if (series.Count == 0)
        {
            return;
        }

        text.Append("# HELP ").Append(first.Name).Append(' ').Append(PrometheusNames.EscapeHelp(first.Help)).Append('\n');
        text.Append("# TYPE ").Append(first.Name).Append(' ').Append(first.Kind switch { MetricKind.Counter => "counter", MetricKind.Histogram => "histogram", _ => "gauge" }).Append('\n');
        foreach (var (labels, values) in series)
        {
            if (first.Kind == MetricKind.Histogram)
            {
                values.WriteHistogram(text, first.Name, labels, first._buckets);
            }
            else
            {
                text.Append(first.Name);
                AppendLabels(text, labels, null);
                text.Append(' ').Append(PrometheusNames.Number(values.Value)).Append('\n');
            }
        }
    }

    internal static void AppendLabels(StringBuilder text, string labels, string? le)
    {
        if (labels.Length == 0 && le is null)
        {
            return;
        }

        text.Append('{').Append(labels);
        if (le is not null)
        {
            text.Append(labels.Length > 0 ? "," : string.Empty).Append("le=\"").Append(le).Append('"');
        }

        text.Append('}');
    }

    /// <summary>One label set's value, or a histogram's buckets, sum and count.</summary>
    private sealed class Series(IReadOnlyList<double> buckets)
    {
        private readonly long[] _counts = new long[buckets.Count + 1];
        private readonly Lock _gate = new();
        private double _value;
        private double _sum;
        private long _count;

        public double Value
        {
            get
            {
                lock (_gate)
                {
                    return _value;
                }
            }
        }

        public void Add(double delta)
        {
            lock (_gate)
            {
                _value += delta;
            }
        }

        public void Set(double value)
        {
            lock (_gate)
            {
                _value = value;
            }
        }

        public void Observe(double value)
        {
            var index = 0;
            while (index < buckets.Count && value > buckets[index])
            {
                index++;
            }

            lock (_gate)
            {
                _counts[index]++;
                _sum += value;
                _count++;
            }
        }

        public void WriteHistogram(StringBuilder text, string name, string labels, IReadOnlyList<double> bounds)
        {
            long[] counts;
            double sum;
            long count;
            lock (_gate)
            {
                counts = (long[])_counts.Clone();
                sum = _sum;
                count = _count;
            }

            long cumulative = 0;
            for (var i = 0; i < bounds.Count; i++)
            {
                cumulative += counts[i];
                text.Append(name).Append("_bucket");
                AppendLabels(text, labels, PrometheusNames.Number(bounds[i]));
                text.Append(' ').Append(cumulative.ToString(CultureInfo.InvariantCulture)).Append('\n');
            }

            text.Append(name).Append("_bucket");
            AppendLabels(text, labels, "+Inf");
            text.Append(' ').Append(count.ToString(CultureInfo.InvariantCulture)).Append('\n');
            text.Append(name).Append("_sum");
            AppendLabels(text, labels, null);
            text.Append(' ').Append(PrometheusNames.Number(sum)).Append('\n');
            text.Append(name).Append("_count");
            AppendLabels(text, labels, null);
            text.Append(' ').Append(count.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }
    }
}

internal enum MetricKind
{
    Counter,
    Gauge,
    Histogram,
}
