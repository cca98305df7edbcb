using Gimbal.Core.Compilation;
using Gimbal.Core.Diagnostics;

namespace Gimbal.Core.Status;

/// <summary>Ingress diagnostics as Kubernetes Events on the Ingress: one per distinct problem, warnings and errors as Warning events.</summary>
public static class IngressEventCalculator
{
    /// <summary>The Warning Events the Ingresses of <paramref name="snapshot"/> should carry for <paramref name="result"/>'s warnings and errors, one per distinct problem. Pure.</summary>
    /// <param name="snapshot">The compiled objects (they give the Ingresses' uids).</param>
    /// <param name="result">The compile.</param>
    public static IReadOnlyList<DesiredEvent> Compute(ResourceSnapshot snapshot, CompileResult result)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(result);
        var uids = new Dictionary<(string, string), string?>();
        foreach (var ingress in snapshot.Ingresses)
        {
            if (ingress?.Metadata.Name is { } name)
            {
                uids.TryAdd((ingress.Metadata.Namespace ?? string.Empty, name), ingress.Metadata.Uid);
            }
        }

        return result.Diagnostics
            .Where(d => d.Object.Kind == "Ingress" && d.Severity >= DiagnosticSeverity.Warning && uids.ContainsKey((d.Object.Namespace ?? string.Empty, d.Object.Name)))
            .Select(d => new DesiredEvent(
                d.Object,
                "networking.k8s.io/v1",
                uids[(d.Object.Namespace ?? string.Empty, d.Object.Name)],
                "Warning",
                d.Code,
                d.Field.Length > 0 ? $"{d.Field}: {d.Message}" : d.Message))
            .DistinctBy(e => e.Name)
            .ToList();
    }
}
