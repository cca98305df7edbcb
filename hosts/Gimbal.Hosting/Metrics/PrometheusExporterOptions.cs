namespace Gimbal.Hosting.Metrics;

/// <summary>Which meters the Prometheus endpoint exports.</summary>
public sealed class PrometheusExporterOptions
{
    /// <summary>Meter names, or prefixes ending in '*' (e.g. "Gimbal.*").</summary>
    public IList<string> Meters { get; } = ["Gimbal.*", "Microsoft.AspNetCore.Server.Kestrel"];

    /// <summary>Bucket upper bounds of histograms in seconds (and of any other unit).</summary>
    public IReadOnlyList<double> HistogramBuckets { get; set; } =
        [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    internal bool Includes(string meterName) => Meters.Any(m => m.EndsWith('*')
        ? meterName.StartsWith(m[..^1], StringComparison.Ordinal)
        : string.Equals(m, meterName, StringComparison.Ordinal));
}
