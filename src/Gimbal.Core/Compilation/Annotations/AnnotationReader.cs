using System.Globalization;
using Gimbal.Core.Diagnostics;

namespace Gimbal.Core.Compilation.Annotations;

/// <summary>Reads typed annotation values; a bad value becomes a diagnostic naming the annotation and the default used.</summary>
internal sealed class AnnotationReader(IReadOnlyDictionary<string, string> annotations, ObjectRef source, DiagnosticBag diagnostics)
{
    public string? Get(string key) => annotations.TryGetValue(key, out var value) ? value : null;

    public bool? Bool(string key)
    {
        if (Get(key) is not { } text)
        {
            return null;
        }

        if (bool.TryParse(text.Trim(), out var value))
        {
            return value;
        }

        Invalid(key, text, "\"true\" or \"false\"", "the annotation is ignored");
        return null;
    }

    public int? Int(string key, int min, int max)
    {
        if (Get(key) is not { } text)
        {
            return null;
        }

        if (int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        Invalid(key, text, $"a whole number from {min} to {max}", "using the default");
        return null;
    }

    public TimeSpan? Duration(string key)
    {
        if (Get(key) is not { } text)
        {
            return null;
        }

        if (Durations.TryParse(text, out var value))
        {
            return value;
        }

        Invalid(key, text, "a duration such as \"30s\", \"1m30s\" or \"250ms\" (at most 24h), or \"infinity\"", "using the data plane's default");
        return null;
    }

    /// <summary>An RFC 7230 token (header or cookie name).</summary>
    public string? Token(string key, string what)
    {
        if (Get(key) is not { } text)
        {
            return null;
        }

        var trimmed = text.Trim();
        if (trimmed.Length is > 0 and <= 256 && trimmed.All(IsTokenChar))
        {
            return trimmed;
        }

        Invalid(key, text, what, "the annotation is ignored");
        return null;
    }

    public void WarnUnknown(string[] known, string[] knownElsewhere, string objectKind)
    {
        foreach (var key in annotations.Keys)
        {
            if (!key.StartsWith(GimbalAnnotations.Prefix, StringComparison.Ordinal) || Array.IndexOf(known, key) >= 0)
            {
                continue;
            }

            var hint = Array.IndexOf(knownElsewhere, key) >= 0 ? "; it belongs on another kind of object (see docs/annotations.md)" : "; see docs/annotations.md for the keys Gimbal reads";
            diagnostics.Warning(source, GimbalAnnotations.Field(key), DiagnosticCodes.UnknownAnnotation,
                $"Gimbal does not read annotation {DiagnosticBag.Quote(key)} on {objectKind}{hint}");
        }
    }

    public void Invalid(string key, string value, string expected, string fallback) =>
        diagnostics.Warning(source, GimbalAnnotations.Field(key), DiagnosticCodes.InvalidAnnotation,
            $"annotation {key} has value {DiagnosticBag.Quote(value)}; expected {expected}; {fallback}");

    public void Ignored(string key, string why) =>
        diagnostics.Warning(source, GimbalAnnotations.Field(key), DiagnosticCodes.InvalidAnnotation, $"annotation {key} is ignored: it {why}");

    private static bool IsTokenChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.' or '^' or '_' or '`' or '|' or '~';
}
