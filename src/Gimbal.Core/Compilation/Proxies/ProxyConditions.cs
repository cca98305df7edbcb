using System.Text.RegularExpressions;
using Gimbal.Core.Diagnostics;
using Gimbal.Core.Kubernetes.Contour;
using Gimbal.Core.Routing;

namespace Gimbal.Core.Compilation.Proxies;

/// <summary>
/// The conditions in force at one point of a delegation chain: the joined prefix of every include
/// so far (Contour concatenates them) and every header condition (all must hold).
/// </summary>
internal sealed record ProxyConditions(string Prefix, IReadOnlyList<HeaderMatch> Headers)
{
    public static ProxyConditions Root { get; } = new("/", []);

    /// <summary>Adds an include's conditions; null (with a diagnostic) when they are not valid there.</summary>
    public ProxyConditions? Include(IReadOnlyList<MatchCondition>? conditions, string field, ProxyEntry source, CompilerOptions options, DiagnosticBag diagnostics)
    {
        var parsed = Parse(conditions, field, source, options, diagnostics, allowExactAndRegex: false);
        if (parsed is null)
        {
            return null;
        }

        return new ProxyConditions(parsed.Value.Kind == PathMatchKind.Prefix ? Join(Prefix, parsed.Value.Path) : Prefix, [.. Headers, .. parsed.Value.Headers]);
    }

    /// <summary>The match of a route under these conditions; null (with a diagnostic) when its conditions are not valid.</summary>
    public RouteMatch? Route(IReadOnlyList<MatchCondition>? conditions, string field, ProxyEntry source, CompilerOptions options, DiagnosticBag diagnostics)
    {
        var parsed = Parse(conditions, field, source, options, diagnostics, allowExactAndRegex: true);
        if (parsed is null)
        {
            return null;
        }

        var (kind, path, headers) = parsed.Value;
        var full = kind switch
        {
            PathMatchKind.Regex => Prefix == "/" ? path : Regex.Escape(Prefix.TrimEnd('/')) + path,
            _ => Join(Prefix, path),
        };
        var all = Headers.Concat(headers).Distinct()
            .OrderBy(h => h.Name, StringComparer.OrdinalIgnoreCase).ThenBy(h => h.Kind).ThenBy(h => h.Value, StringComparer.Ordinal)
            .ToArray();
        return new RouteMatch { PathKind = kind, Path = full, Headers = new Collections.EquatableArray<HeaderMatch>(all) };
    }

    public static string Join(string parent, string child)
    {
        if (parent == "/")
        {
            return child;
        }

        if (child == "/")
        {
            return parent;
        }

        return parent.TrimEnd('/') + child;
    }

    private static (PathMatchKind Kind, string Path, List<HeaderMatch> Headers)? Parse(
        IReadOnlyList<MatchCondition>? conditions, string field, ProxyEntry source, CompilerOptions options, DiagnosticBag diagnostics, bool allowExactAndRegex)
    {
        PathMatchKind? kind = null;
        var path = "/";
        var headers = new List<HeaderMatch>();
        var list = conditions ?? [];
        for (var i = 0; i < list.Count; i++)
        {
            var condition = list[i];
            var at = $"{field}.conditions[{i.ToString(System.Globalization.CultureInfo.InvariantCulture)}]";
            if (condition is null)
            {
                continue;
            }

            var paths = (condition.Prefix is not null ? 1 : 0) + (condition.Exact is not null ? 1 : 0) + (condition.Regex is not null ? 1 : 0);
            if (paths + (condition.Header is not null ? 1 : 0) != 1)
            {
                return Invalid(diagnostics, source, at, "must hold exactly one of prefix, exact, regex or header");
            }

            if (condition.Header is { } header)
            {
                if (ParseHeader(header, at + ".header", source, diagnostics) is not { } match)
                {
                    return null;
                }

                headers.Add(match);
                continue;
            }

            if (kind is not null)
            {
                return Invalid(diagnostics, source, at, "is a second path condition; a route or include takes at most one of prefix, exact or regex");
            }

            var (k, value, name) = condition.Prefix is { } p ? (PathMatchKind.Prefix, p, "prefix")
                : condition.Exact is { } e ? (PathMatchKind.Exact, e, "exact")
                : (PathMatchKind.Regex, condition.Regex!, "regex");
            if (!allowExactAndRegex && k != PathMatchKind.Prefix)
            {
                return Invalid(diagnostics, source, $"{at}.{name}", "is not allowed on an include: includes take prefix and header conditions only");
            }

            if (ProblemWith(k, value, options) is { } problem)
            {
                return Invalid(diagnostics, source, $"{at}.{name}", $"{DiagnosticBag.Quote(value)} {problem}");
            }

            kind = k;
            path = k == PathMatchKind.Prefix && value.Length > 1 ? value.TrimEnd('/') : value;
            if (path.Length == 0)
            {
                path = "/";
            }
        }

        return (kind ?? PathMatchKind.Prefix, path, headers);
    }

    private static HeaderMatch? ParseHeader(HeaderMatchCondition header, string field, ProxyEntry source, DiagnosticBag diagnostics)
    {
        if (string.IsNullOrWhiteSpace(header.Name) || header.Name.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c == ':'))
        {
            Invalid(diagnostics, source, field + ".name", $"{DiagnosticBag.Quote(header.Name)} is not a header name");
            return null;
        }

        var set = (header.Present == true ? 1 : 0) + (header.NotPresent == true ? 1 : 0) + (header.Contains is not null ? 1 : 0)
            + (header.Exact is not null ? 1 : 0) + (header.NotContains is not null ? 1 : 0) + (header.NotExact is not null ? 1 : 0);
        if (set != 1)
        {
            Invalid(diagnostics, source, field, "must hold exactly one of present, notpresent, contains, notcontains, exact or notexact");
            return null;
        }

        var name = header.Name.ToLowerInvariant();
        return header.Present == true ? new HeaderMatch { Name = name, Kind = HeaderMatchKind.Present }
            : header.NotPresent == true ? new HeaderMatch { Name = name, Kind = HeaderMatchKind.NotPresent }
            : header.Contains is { } contains ? new HeaderMatch { Name = name, Kind = HeaderMatchKind.Contains, Value = contains }
            : header.NotContains is { } notContains ? new HeaderMatch { Name = name, Kind = HeaderMatchKind.NotContains, Value = notContains }
            : header.NotExact is { } notExact ? new HeaderMatch { Name = name, Kind = HeaderMatchKind.NotExact, Value = notExact }
            : new HeaderMatch { Name = name, Kind = HeaderMatchKind.Exact, Value = header.Exact };
    }

    private static string? ProblemWith(PathMatchKind kind, string value, CompilerOptions options)
    {
        if (value.Length == 0 || value[0] != '/')
        {
            return "must start with '/'";
        }

        if (value.Length > options.MaxPathLength)
        {
            return $"is longer than {options.MaxPathLength} characters";
        }

        if (kind == PathMatchKind.Regex)
        {
            if (value.Length > options.MaxRegexLength)
            {
                return $"is longer than {options.MaxRegexLength} characters";
            }

            try
            {
                _ = new Regex(value, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);
                return null;
            }
            catch (ArgumentException e)
            {
                return "is not a valid regular expression: " + e.Message;
            }
            catch (NotSupportedException)
            {
                return "uses a construct Envoy's RE2 engine does not support (backreferences, lookarounds, atomic groups)";
            }
        }

        return value.Any(c => char.IsControl(c) || char.IsWhiteSpace(c) || c is '?' or '#' || c > 127)
            ? "holds a character that cannot appear in a request path (whitespace, control, '?', '#' or non-ASCII)"
            : null;
    }

    private static (PathMatchKind, string, List<HeaderMatch>)? Invalid(DiagnosticBag diagnostics, ProxyEntry source, string field, string message)
    {
        diagnostics.Error(source.Ref, field, ProxyDiagnosticCodes.InvalidCondition, message + "; the route or include is not served");
        return null;
    }
}
