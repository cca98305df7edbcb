using Gimbal.Core.Collections;
using Gimbal.Core.Diagnostics;

namespace Gimbal.Core.Routing;

/// <summary>One route of a virtual host: what it matches, what it does, and who asked for it.</summary>
public sealed record Route
{
    /// <summary>The path and headers a request must have.</summary>
    public required RouteMatch Match { get; init; }

    /// <summary>Forward, redirect, answer directly, or answer 503.</summary>
    public required RouteAction Action { get; init; }

    /// <summary>What the plain-HTTP listener does with this route when its host also has TLS (terminated, or passed through by a <see cref="TcpProxy"/>).</summary>
    public InsecurePolicy Insecure { get; init; } = InsecurePolicy.Allow;

    /// <summary>The object this route came from, for status and explain.</summary>
    public required ObjectRef Source { get; init; }
}

/// <summary>Plain-HTTP behaviour of a route whose host has TLS.</summary>
public enum InsecurePolicy
{
    /// <summary>Served on both listeners.</summary>
    Allow,

    /// <summary>Plain HTTP answers 301 to the https:// URL.</summary>
    RedirectToHttps,

    /// <summary>Not served on plain HTTP at all (404 there).</summary>
    Deny,
}

/// <summary>The request properties a route matches.</summary>
public sealed record RouteMatch
{
    /// <summary>How <see cref="Path"/> is compared: exact, prefix (the default) or regex.</summary>
    public PathMatchKind PathKind { get; init; } = PathMatchKind.Prefix;

    /// <summary>The path, prefix (segment-wise, "/" matches everything) or regex (whole path).</summary>
    public string Path { get; init; } = "/";

    /// <summary>All must hold.</summary>
    public EquatableArray<HeaderMatch> Headers { get; init; } = EquatableArray<HeaderMatch>.Empty;
}

/// <summary>How <see cref="RouteMatch.Path"/> is compared.</summary>
public enum PathMatchKind
{
    /// <summary>The whole path equals the value.</summary>
    Exact,

    /// <summary>Per path segment: "/foo" matches "/foo", "/foo/" and "/foo/bar", never "/foobar".</summary>
    Prefix,

    /// <summary>A regular expression (RE2 syntax) that must match the whole path.</summary>
    Regex,
}

/// <summary>A condition on one request header.</summary>
public sealed record HeaderMatch
{
    /// <summary>The header's name; compared case-insensitively.</summary>
    public required string Name { get; init; }

    /// <summary>The comparison; <see cref="HeaderMatchKind.Exact"/> by default.</summary>
    public HeaderMatchKind Kind { get; init; } = HeaderMatchKind.Exact;

    /// <summary>The value compared against, case-sensitively; null for <see cref="HeaderMatchKind.Present"/> and <see cref="HeaderMatchKind.NotPresent"/>.</summary>
    public string? Value { get; init; }
}

/// <summary>How a <see cref="HeaderMatch"/> compares.</summary>
public enum HeaderMatchKind
{
    /// <summary>The header is present and its value equals <see cref="HeaderMatch.Value"/>.</summary>
    Exact,

    /// <summary>The header is present and its value contains <see cref="HeaderMatch.Value"/>.</summary>
    Contains,

    /// <summary>The header is present, whatever its value.</summary>
    Present,

    /// <summary>The header is absent.</summary>
    NotPresent,

    /// <summary>
    /// Negation of <see cref="Exact"/> (Contour's notexact): holds when the header is absent or its
    /// value differs from <see cref="HeaderMatch.Value"/>, as Envoy's invert_match does.
    /// </summary>
    NotExact,

    /// <summary>
    /// Negation of <see cref="Contains"/> (Contour's notcontains): holds when the header is absent or
    /// its value does not contain <see cref="HeaderMatch.Value"/>, as Envoy's invert_match does.
    /// </summary>
    NotContains,
}
