namespace Gimbal.Core.Naming;

/// <summary>The labels discoverers put on every object they mirror.</summary>
public static class GimbalLabels
{
    /// <summary>The discoverer backend (upstream cluster) an object was mirrored from.</summary>
    public const string Backend = "gimbal.projectcontour.io/backend";

    /// <summary>The upstream Service's own name.</summary>
    public const string Service = "gimbal.projectcontour.io/service";

    /// <summary>
    /// <paramref name="existing"/> plus the backend and service labels, their values shortened to fit a label
    /// (the Gimbal labels replace any values already there).
    /// </summary>
    public static IReadOnlyDictionary<string, string> With(IReadOnlyDictionary<string, string>? existing, string backendName, string serviceName)
    {
        var labels = existing is null ? new Dictionary<string, string>(StringComparer.Ordinal) : new Dictionary<string, string>(existing, StringComparer.Ordinal);
        labels[Backend] = GimbalNames.ShortenLabelValue(backendName);
        labels[Service] = GimbalNames.ShortenLabelValue(serviceName);
        return labels;
    }
}
