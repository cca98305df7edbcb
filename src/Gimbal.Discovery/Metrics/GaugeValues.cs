using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Gimbal.Discovery.Metrics;

/// <summary>
/// The current value of a gauge per label set, read by an observable instrument whenever the exporter collects.
/// </summary>
internal sealed class GaugeValues
{
    private readonly ConcurrentDictionary<string, Measurement<double>> _values = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Func<IEnumerable<Measurement<double>>>> _sources = new(StringComparer.Ordinal);

    public IEnumerable<Measurement<double>> Read() => _values.Values.Concat(_sources.Values.SelectMany(source => source()));

    /// <summary>Values computed at collection time for one scope (replacing an earlier source of that scope).</summary>
    public void Observe(KeyValuePair<string, object?>[] scope, Func<IEnumerable<(double Value, KeyValuePair<string, object?>[] Tags)>> source)
    {
        ReplaceScope(scope, []);
        _sources[Key(scope)] = () => source().Select(v => new Measurement<double>(v.Value, v.Tags));
    }

    public void Set(double value, params KeyValuePair<string, object?>[] tags) =>
        _values[Key(tags)] = new Measurement<double>(value, tags);

    /// <summary>Replaces every value whose labels match <paramref name="scope"/> by <paramref name="values"/>, so label sets that vanished stop being reported.</summary>
    public void ReplaceScope(KeyValuePair<string, object?>[] scope, IEnumerable<(double Value, KeyValuePair<string, object?>[] Tags)> values)
    {
        // One scope has one writer: pushed values replace a source, and the other way round.
        _sources.TryRemove(Key(scope), out _);
        var fresh = values.ToDictionary(v => Key(v.Tags), v => new Measurement<double>(v.Value, v.Tags), StringComparer.Ordinal);
        foreach (var (key, measurement) in _values)
        {
            if (!fresh.ContainsKey(key) && InScope(measurement, scope))
            {
                _values.TryRemove(key, out _);
            }
        }

        foreach (var (key, measurement) in fresh)
        {
            _values[key] = measurement;
        }
    }

    private static bool InScope(Measurement<double> measurement, KeyValuePair<string, object?>[] scope)
    {
        foreach (var wanted in scope)
        {
            var found = false;
            foreach (var tag in measurement.Tags)
            {
                if (tag.Key == wanted.Key && Equals(tag.Value, wanted.Value))
                {
                    found = true;
                    break;
                }
            }

            if (!found)
            {
                return false;
            }
        }

        return true;
    }

    private static string Key(KeyValuePair<string, object?>[] tags) => string.Join('\u0001', tags.Select(t => $"{t.Key}={t.Value}"));
}
