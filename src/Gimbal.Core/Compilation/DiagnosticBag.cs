using Gimbal.Core.Collections;
using Gimbal.Core.Diagnostics;
using Gimbal.Core.Kubernetes;

namespace Gimbal.Core.Compilation;

/// <summary>Collects the diagnostics of one compile and hands them back in a stable order.</summary>
internal sealed class DiagnosticBag
{
    private const int MaxQuotedLength = 80;
    private readonly List<Diagnostic> _items = [];

    public static ObjectRef RefOf(KubernetesObject obj) =>
        new(obj.Kind ?? obj.GetType().Name, obj.Metadata.Namespace, obj.Metadata.Name ?? string.Empty);

    public void Add(ObjectRef source, string field, DiagnosticSeverity severity, string code, string message) =>
        _items.Add(new Diagnostic(source, field, severity, code, message));

    public void Error(ObjectRef source, string field, string code, string message) => Add(source, field, DiagnosticSeverity.Error, code, message);

    public void Warning(ObjectRef source, string field, string code, string message) => Add(source, field, DiagnosticSeverity.Warning, code, message);

    public void Info(ObjectRef source, string field, string code, string message) => Add(source, field, DiagnosticSeverity.Info, code, message);

    public EquatableArray<Diagnostic> ToSortedArray()
    {
        var copy = _items.Distinct().ToArray();
        Array.Sort(copy, Compare);
        return new EquatableArray<Diagnostic>(copy);
    }

    /// <summary>Quotes user input for a message, cut short so a hostile 10 000-character value stays readable.</summary>
    public static string Quote(string? value)
    {
        if (value is null)
        {
            return "(none)";
        }

        var shown = value.Length > MaxQuotedLength ? string.Concat(value.AsSpan(0, MaxQuotedLength), "…") : value;
        if (shown.Any(char.IsControl))
        {
            // Control characters would break log lines and terminals; show them escaped.
            shown = string.Concat(shown.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));
        }

        return "\"" + shown + "\"" + (value.Length > MaxQuotedLength ? $" ({value.Length} characters)" : string.Empty);
    }

    private static int Compare(Diagnostic a, Diagnostic b)
    {
        var c = string.CompareOrdinal(a.Object.Kind, b.Object.Kind);
        if (c == 0) c = string.CompareOrdinal(a.Object.Namespace, b.Object.Namespace);
        if (c == 0) c = string.CompareOrdinal(a.Object.Name, b.Object.Name);
        if (c == 0) c = string.CompareOrdinal(a.Field, b.Field);
        if (c == 0) c = b.Severity.CompareTo(a.Severity);
        if (c == 0) c = string.CompareOrdinal(a.Code, b.Code);
        if (c == 0) c = string.CompareOrdinal(a.Message, b.Message);
        return c;
    }
}
