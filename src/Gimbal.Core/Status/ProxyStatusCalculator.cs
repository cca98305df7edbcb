using Gimbal.Core.Compilation;
using Gimbal.Core.Compilation.Proxies;
using Gimbal.Core.Diagnostics;
using Gimbal.Core.Kubernetes.Contour;

namespace Gimbal.Core.Status;

/// <summary>
/// Turns a compile's diagnostics into Contour-style HTTPProxy status: "invalid" when any error names
/// the proxy, "orphaned" when no served root reaches it, "valid" otherwise; one Valid condition
/// carries every error and warning with its reason.
/// </summary>
public static class ProxyStatusCalculator
{
    /// <summary>currentStatus of a served proxy with no errors: "valid".</summary>
    public const string Valid = "valid";
    /// <summary>currentStatus of a proxy with at least one error: "invalid".</summary>
    public const string Invalid = "invalid";
    /// <summary>currentStatus of a proxy no served root includes: "orphaned".</summary>
    public const string Orphaned = "orphaned";
    /// <summary>The type of the one condition Gimbal writes: "Valid".</summary>
    public const string ConditionType = "Valid";

    /// <summary>The status every HTTPProxy of Gimbal's class should carry, sorted by namespace and name. Pure.</summary>
    /// <param name="snapshot">The compiled objects.</param>
    /// <param name="result">The compile.</param>
    /// <param name="options">Give the class name; null uses <see cref="CompilerOptions.Default"/>.</param>
    public static IReadOnlyList<DesiredProxyStatus> Compute(ResourceSnapshot snapshot, CompileResult result, CompilerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(result);
        var className = (options ?? CompilerOptions.Default).IngressClassName;
        var byObject = result.Diagnostics
            .Where(d => d.Object.Kind == "HTTPProxy")
            .GroupBy(d => (d.Object.Namespace ?? string.Empty, d.Object.Name))
            .ToDictionary(g => g.Key, g => g.ToList());

        var statuses = new List<DesiredProxyStatus>();
        foreach (var proxy in snapshot.HttpProxies)
        {
            if (proxy?.Metadata.Name is not { Length: > 0 } name
                || (proxy.Spec?.IngressClassName is { Length: > 0 } cls && !string.Equals(cls, className, StringComparison.Ordinal)))
            {
                continue;
            }

            var ns = proxy.Metadata.Namespace ?? string.Empty;
            var diagnostics = byObject.GetValueOrDefault((ns, name)) ?? [];
            statuses.Add(new DesiredProxyStatus(ns, name, proxy.Metadata.Generation, StatusOf(diagnostics, proxy.Metadata.Generation)));
        }

        statuses.Sort(static (a, b) =>
        {
            var c = string.CompareOrdinal(a.Namespace, b.Namespace);
            return c != 0 ? c : string.CompareOrdinal(a.Name, b.Name);
        });
        return statuses;
    }

    /// <summary>True when the two statuses say the same (transition times and load-balancer addresses aside).</summary>
    public static bool Equivalent(HttpProxyStatus? current, HttpProxyStatus desired)
    {
        if (current is null || current.CurrentStatus != desired.CurrentStatus || current.Description != desired.Description)
        {
            return false;
        }

        var a = current.Conditions ?? [];
        var b = desired.Conditions ?? [];
        return a.Count == b.Count && a.Zip(b).All(p => SameCondition(p.First, p.Second));
    }

    /// <summary>
    /// Stamps each condition's lastTransitionTime: kept from the current status when the condition's
    /// status did not change, <paramref name="now"/> when it did (metav1.Condition semantics).
    /// </summary>
    public static HttpProxyStatus WithTransitionTimes(HttpProxyStatus desired, HttpProxyStatus? current, DateTimeOffset now) => desired with
    {
        Conditions = (desired.Conditions ?? []).Select(c =>
        {
            var previous = current?.Conditions?.FirstOrDefault(p => p?.Type == c.Type);
            return c with { LastTransitionTime = previous is not null && previous.Status == c.Status && previous.LastTransitionTime is { } t ? t : now };
        }).ToList(),
    };

    private static HttpProxyStatus StatusOf(List<Diagnostic> diagnostics, long? generation)
    {
        var errors = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        var warnings = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Warning && d.Code != ProxyDiagnosticCodes.Orphaned).ToList();
        var orphaned = diagnostics.Any(d => d.Code == ProxyDiagnosticCodes.Orphaned);
        var (current, description, status, reason, message) = errors.Count > 0
            ? (Invalid, errors[0].Message, "False", "ErrorPresent", "At least one error present, see Errors for details")
            : orphaned
                ? (Orphaned, "this HTTPProxy is not part of a delegation chain from a root HTTPProxy", "False", "Orphaned", "this HTTPProxy is not part of a delegation chain from a root HTTPProxy")
                : (Valid, "Valid HTTPProxy", "True", "Valid", "Valid HTTPProxy");
        var condition = new DetailedCondition
        {
            Type = ConditionType,
            Status = status,
            ObservedGeneration = generation,
            Reason = reason,
            Message = message,
            Errors = errors.Count == 0 ? null : errors.Select(SubConditionOf).ToList(),
            Warnings = warnings.Count == 0 ? null : warnings.Select(SubConditionOf).ToList(),
        };
        return new HttpProxyStatus { CurrentStatus = current, Description = description, Conditions = [condition] };
    }

    private static SubCondition SubConditionOf(Diagnostic d) => new()
    {
        Type = CategoryOf(d.Code),
        Status = "True",
        Reason = ReasonOf(d.Code),
        Message = d.Field.Length > 0 ? $"{d.Field}: {d.Message}" : d.Message,
    };

    // Contour's reasons where Gimbal's codes are finer-grained.
    private static string ReasonOf(string code) => code switch
    {
        DiagnosticCodes.TlsSecretNotFound or DiagnosticCodes.TlsSecretInvalid => ProxyDiagnosticCodes.SecretNotValid,
        _ => code,
    };

    private static string CategoryOf(string code) => code switch
    {
        ProxyDiagnosticCodes.DuplicateVhost or DiagnosticCodes.HostConflict or DiagnosticCodes.HostNotAllowed or DiagnosticCodes.InvalidHost
            or ProxyDiagnosticCodes.RootProxyNotAllowedInNamespace or ProxyDiagnosticCodes.MissingFqdn => "VirtualHostError",
        ProxyDiagnosticCodes.IncludeCreatesCycle or ProxyDiagnosticCodes.IncludeNotFound or ProxyDiagnosticCodes.RootIncludesRoot => "IncludeError",
        DiagnosticCodes.ServiceNotFound or DiagnosticCodes.ServicePortNotFound or ProxyDiagnosticCodes.InvalidService or ProxyDiagnosticCodes.NoServices => "ServiceError",
        ProxyDiagnosticCodes.SecretNotValid or ProxyDiagnosticCodes.DelegationNotPermitted or ProxyDiagnosticCodes.TlsIncompatibleFeatures => "TLSError",
        ProxyDiagnosticCodes.InvalidTcpProxy => "TCPProxyError",
        ProxyDiagnosticCodes.NotSupported => "SpecError",
        _ => "RouteError",
    };

    private static bool SameCondition(DetailedCondition? a, DetailedCondition? b) =>
        a is not null && b is not null && a.Type == b.Type && a.Status == b.Status && a.Reason == b.Reason && a.Message == b.Message
        && a.ObservedGeneration == b.ObservedGeneration && SameList(a.Errors, b.Errors) && SameList(a.Warnings, b.Warnings);

    private static bool SameList(IReadOnlyList<SubCondition>? a, IReadOnlyList<SubCondition>? b) =>
        (a ?? []).Count == (b ?? []).Count
        && (a ?? []).Zip(b ?? []).All(p => p.First?.Type == p.Second?.Type && p.First?.Status == p.Second?.Status && p.First?.Reason == p.Second?.Reason && p.First?.Message == p.Second?.Message);
}
