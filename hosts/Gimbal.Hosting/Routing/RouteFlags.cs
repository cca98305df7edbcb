namespace Gimbal.Hosting.Routing;

/// <summary>Parsing shared by the hosts' route-compilation flags, so the gateway and the control plane read them alike.</summary>
public static class RouteFlags
{
    /// <summary>
    /// Namespaces from a flag given once with commas ("a,b"), several times, or both; null when none are given,
    /// which leaves every namespace allowed.
    /// </summary>
    public static IReadOnlyList<string>? Namespaces(string[]? values)
    {
        var names = (values ?? [])
            .SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Distinct(StringComparer.Ordinal)
            .ToArray();
        return names.Length == 0 ? null : names;
    }

    /// <summary>Why a --fallback-certificate value is not "namespace/name", or null when it is (or is absent).</summary>
    public static string? FallbackCertificateProblem(string? value)
    {
        if (value is null)
        {
            return null;
        }

        var parts = value.Split('/');
        return parts.Length == 2 && parts[0].Length > 0 && parts[1].Length > 0
            ? null
            : $"--fallback-certificate must be namespace/name of a kubernetes.io/tls Secret, not \"{value}\"";
    }
}
