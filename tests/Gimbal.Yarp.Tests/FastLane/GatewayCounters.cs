using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Gimbal.Yarp.Metrics;
using Gimbal.Yarp.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Gimbal.Yarp.Tests.FastLane;

/// <summary>
/// The counters of the "Gimbal.Yarp" meter of one gateway program only: other tests run gateways at the same time, and
/// their meters share the name, so instruments are told apart by the meter factory (scope) that created them.
/// </summary>
public sealed class GatewayCounters : IDisposable
{
    public const string Forwarded = "gimbal.yarp.fastlane.forwarded";
    public const string Handoffs = "gimbal.yarp.fastlane.handoffs";
    public const string Requests = "gimbal.yarp.requests";

    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string Instrument, long Value, Dictionary<string, string?> Tags)> _measurements = new();

    public GatewayCounters(GatewayProgram program)
    {
        var scope = program.App.Proxy.Services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, scope) && instrument.Meter.Name == GimbalYarpMetrics.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var copy = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var tag in tags)
            {
                copy[tag.Key] = tag.Value?.ToString();
            }

            _measurements.Enqueue((instrument.Name, value, copy));
        });
        _listener.Start();
    }

    /// <summary>The sum of <paramref name="instrument"/>'s measurements whose tags include all of <paramref name="tags"/>.</summary>
    public long Sum(string instrument, params (string Key, string Value)[] tags) =>
        _measurements.Where(m => m.Instrument == instrument && tags.All(t => m.Tags.GetValueOrDefault(t.Key) == t.Value)).Sum(m => m.Value);

    /// <summary>Handoffs with any of <paramref name="reasons"/>.</summary>
    public long HandoffsFor(params string[] reasons) => reasons.Sum(r => Sum(Handoffs, ("reason", r)));

    /// <summary>Waits until the handoffs with any of <paramref name="reasons"/> have grown past <paramref name="before"/>.</summary>
    public async Task HandedOffAsync(long before, params string[] reasons)
    {
        try
        {
            await Eventually.HoldsAsync(() => Task.FromResult(HandoffsFor(reasons) > before), $"a handoff with reason {string.Join(" or ", reasons)}");
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message} (handoffs by reason: {HandoffReasons()})", ex);
        }
    }

    /// <summary>Handoffs by reason, for failure messages.</summary>
    public string HandoffReasons() => string.Join(", ", _measurements
        .Where(m => m.Instrument == Handoffs)
        .GroupBy(m => m.Tags.GetValueOrDefault("reason") ?? "(none)")
        .OrderBy(g => g.Key, StringComparer.Ordinal)
        .Select(g => $"{g.Key}={g.Sum(m => m.Value)}"));

    /// <summary>Waits until <paramref name="instrument"/> (with <paramref name="tags"/>) has grown past <paramref name="before"/>.</summary>
    public async Task GrewAsync(long before, string instrument, params (string Key, string Value)[] tags)
    {
        try
        {
            await Eventually.HoldsAsync(
                () => Task.FromResult(Sum(instrument, tags) > before),
                $"{instrument}{{{string.Join(',', tags.Select(t => $"{t.Key}={t.Value}"))}}} above {before}");
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message} (handoffs by reason: {HandoffReasons()})", ex);
        }
    }

    public void Dispose() => _listener.Dispose();
}
