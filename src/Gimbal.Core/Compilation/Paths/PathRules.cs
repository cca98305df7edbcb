using System.Text.RegularExpressions;
using Gimbal.Core.Diagnostics;
using Gimbal.Core.Routing;

namespace Gimbal.Core.Compilation.Paths;

/// <summary>
/// Turns an Ingress path and pathType into a <see cref="RouteMatch"/>. ImplementationSpecific is a
/// prefix unless it holds regex characters, then a regex that must be RE2-compatible (Envoy's
/// engine): validated with .NET's non-backtracking engine, which rejects the same constructs RE2
/// does (backreferences, lookarounds) and cannot be driven into catastrophic backtracking.
/// </summary>
internal static class PathRules
{
    private static readonly System.Buffers.SearchValues<char> RegexCharacters = System.Buffers.SearchValues.Create("^$*+?()[]{}|\\");

    public static RouteMatch? Parse(string? path, string? pathType, FieldPath field, IngressEntry source, CompilerOptions options, DiagnosticBag diagnostics)
    {
        var kind = pathType switch
        {
            "Exact" => PathMatchKind.Exact,
            "Prefix" => PathMatchKind.Prefix,
            null or "" or "ImplementationSpecific" => path is not null && path.AsSpan().IndexOfAny(RegexCharacters) >= 0 ? PathMatchKind.Regex : PathMatchKind.Prefix,
            _ => (PathMatchKind?)null,
        };
        if (kind is null)
        {
            diagnostics.Error(source.Ref, field + ".pathType", DiagnosticCodes.InvalidPathType,
                $"pathType {DiagnosticBag.Quote(pathType)} is not Exact, Prefix or ImplementationSpecific; the path is ignored");
            return null;
        }

        if (string.IsNullOrEmpty(path))
        {
            return new RouteMatch { PathKind = PathMatchKind.Prefix, Path = "/" };
        }

        if (path.Length > options.MaxPathLength)
        {
            diagnostics.Error(source.Ref, field + ".path", DiagnosticCodes.PathTooLong,
                $"path is {path.Length} characters long; Gimbal accepts at most {options.MaxPathLength}; the path is ignored");
            return null;
        }

        if (path[0] != '/')
        {
            diagnostics.Error(source.Ref, field + ".path", DiagnosticCodes.InvalidPath, $"path {DiagnosticBag.Quote(path)} must start with '/'; the path is ignored");
            return null;
        }

        if (kind == PathMatchKind.Regex)
        {
            return ValidRegex(path, field, source, options, diagnostics) ? new RouteMatch { PathKind = PathMatchKind.Regex, Path = path } : null;
        }

        foreach (var c in path)
        {
            if (char.IsControl(c) || char.IsWhiteSpace(c) || c is '?' or '#' || c > 127)
            {
                diagnostics.Error(source.Ref, field + ".path", DiagnosticCodes.InvalidPath,
                    $"path {DiagnosticBag.Quote(path)} holds a character that cannot appear in a request path (whitespace, control, '?', '#' or non-ASCII: percent-encode it); the path is ignored");
                return null;
            }
        }

        // The Ingress spec ignores a trailing slash on Prefix paths: "/foo/" matches "/foo".
        var value = kind == PathMatchKind.Prefix && path.Length > 1 ? path.TrimEnd('/') : path;
        return new RouteMatch { PathKind = kind.Value, Path = value.Length == 0 ? "/" : value };
    }

    private static bool ValidRegex(string pattern, FieldPath field, IngressEntry source, CompilerOptions options, DiagnosticBag diagnostics)
    {
        string? problem = null;
        if (pattern.Length > options.MaxRegexLength)
        {
            problem = $"is {pattern.Length} characters long; Gimbal accepts regular expressions of at most {options.MaxRegexLength}";
        }
        else
        {
            try
            {
                // Construction is the whole check: the non-backtracking engine rejects what RE2 rejects and then
                // matches in time linear in the input, so no wall-clock timeout is needed (one would make the
                // compiler's answer depend on how busy the machine is).
                _ = new Regex(pattern, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);
            }
            catch (ArgumentException e)
            {
                problem = "is not a valid regular expression: " + e.Message;
            }
            catch (NotSupportedException)
            {
                problem = "uses a construct Envoy's RE2 engine does not support (backreferences, lookarounds, atomic groups)";
            }
        }

        if (problem is null)
        {
            return true;
        }

        diagnostics.Error(source.Ref, field + ".path", DiagnosticCodes.InvalidRegex, $"ImplementationSpecific path {DiagnosticBag.Quote(pattern)} {problem}; the path is ignored");
        return false;
    }
}
