using System.Diagnostics.Metrics;
using System.Net;
using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Gimbal.Deploy.Tests.Monitoring;

/// <summary>
/// The names Gimbal's /metrics endpoint exports, collected from the code: every public metrics class of the
/// five libraries (a public constructor taking an IMeterFactory) is created, each instrument it publishes gets
/// a twin of the same name, unit and kind with one measurement (observable instruments only report values the
/// code has set), and the hosts' Prometheus endpoint is scraped over HTTP.
/// </summary>
internal static class ExportedMetrics
{
    private const string TwinMeter = "Gimbal.DeployTests.Twins";

    public static readonly string[] Libraries = ["Gimbal.Core", "Gimbal.Kubernetes", "Gimbal.Discovery", "Gimbal.Xds", "Gimbal.Yarp"];

    public static async Task<(IReadOnlySet<string> Names, IReadOnlyList<string> Instruments, string Scrape)> CollectAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.AddMetrics();
        builder.Services.AddGimbalPrometheus();
        await using var app = builder.Build();
        app.MapGimbalHostEndpoints();
        await app.StartAsync();

        var published = new List<Instrument>();
        using (var listener = new MeterListener())
        {
            var factory = app.Services.GetRequiredService<IMeterFactory>();
            listener.InstrumentPublished = (instrument, _) =>
            {
                if (instrument.Meter.Name.StartsWith("Gimbal.", StringComparison.Ordinal) && instrument.Meter.Name != TwinMeter)
                {
                    lock (published)
                    {
                        published.Add(instrument);
                    }
                }
            };
            listener.Start();
            foreach (var type in MetricClasses())
            {
                ActivatorUtilities.CreateInstance(app.Services, type);
            }
        }

        using var twins = new Meter(TwinMeter);
        foreach (var instrument in published.DistinctBy(i => (i.Meter.Name, i.Name)))
        {
            RecordTwin(twins, instrument);
        }

        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        var scrape = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        await app.StopAsync();

        var names = scrape.Split('\n')
            .Where(l => l.Length > 0 && l[0] != '#')
            .Select(l => l[..l.IndexOfAny(['{', ' '])])
            .ToHashSet(StringComparer.Ordinal);
        return (names, published.Select(i => $"{i.Meter.Name}/{i.Name}").Distinct().Order(StringComparer.Ordinal).ToList(), scrape);
    }

    public static IEnumerable<Type> MetricClasses() => Libraries
        .Select(Assembly.Load)
        .SelectMany(a => a.GetExportedTypes())
        .Where(t => t is { IsClass: true, IsAbstract: false } && t.GetConstructors().Any(c =>
            c.GetParameters() is [{ ParameterType: var p }] && p == typeof(IMeterFactory)));

    private static void RecordTwin(Meter twins, Instrument instrument)
    {
        var tag = new KeyValuePair<string, object?>("twin", "1");
        var kind = instrument.GetType().GetGenericTypeDefinition();
        if (kind == typeof(Counter<>) || kind == typeof(ObservableCounter<>))
        {
            twins.CreateCounter<double>(instrument.Name, instrument.Unit, instrument.Description).Add(1, tag);
        }
        else if (kind == typeof(Histogram<>))
        {
            twins.CreateHistogram<double>(instrument.Name, instrument.Unit, instrument.Description).Record(1, tag);
        }
        else if (kind == typeof(UpDownCounter<>) || kind == typeof(ObservableUpDownCounter<>))
        {
            twins.CreateUpDownCounter<double>(instrument.Name, instrument.Unit, instrument.Description).Add(1, tag);
        }
        else
        {
            twins.CreateGauge<double>(instrument.Name, instrument.Unit, instrument.Description).Record(1, tag);
        }
    }
}
