using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Gimbal.Core.Routing;
using Gimbal.Yarp.Pipeline;
using Gimbal.Yarp.Translation;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace Gimbal.Yarp.Matching;

/// <summary>
/// A route's match compiled once per config change and attached to its endpoint as metadata.
/// Path comparisons are case-sensitive and per segment, as in the Envoy translation.
/// </summary>
public sealed class CompiledRoute
{
    /// <summary>Only for the backtracking fallback (patterns the non-backtracking engine cannot take).</summary>
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(100);
    private readonly RouteMatch _match;
    private readonly string _prefix;
    private readonly Regex? _regex;

    // Per cluster config: the copy of the cluster's model with this route's idle timeout.
    private readonly ConditionalWeakTable<ClusterModel, ClusterModel> _idleModels = new();

    /// <summary>Compiles the match of <paramref name="descriptor"/>'s route; a regex that does not compile leaves <see cref="IsValid"/> false instead of throwing.</summary>
    /// <param name="descriptor">The route and its virtual host.</param>
    public CompiledRoute(RouteDescriptor descriptor)
    {
        Descriptor = descriptor;
        Host = new HostPattern(descriptor.VirtualHost);
        Name = $"{descriptor.VirtualHost}#{descriptor.Index}";
        _match = descriptor.Route.Match;
        _prefix = _match.Path.Length > 1 ? _match.Path.TrimEnd('/') : _match.Path;
        var timeouts = descriptor.Route.Action.Forward?.Timeouts;
        RequestTimeout = timeouts?.Request is { } request && request > TimeSpan.Zero ? request : null;
        // Zero turns the idle timeout off, as in Envoy; YARP's activity timer then never fires.
        IdleTimeout = timeouts?.Idle is { } idle ? (idle > TimeSpan.Zero ? idle : Timeout.InfiniteTimeSpan) : null;
        Retry = RetryPlan.From(descriptor.Route.Action.Forward?.Retry);
        if (_match.PathKind == PathMatchKind.Regex)
        {
            _regex = CreateRegex(_match.Path);
            IsValid = _regex is not null;
        }
        else
        {
            IsValid = true;
        }
    }

    /// <summary>The Gimbal route this was compiled from, with its host and position.</summary>
    public RouteDescriptor Descriptor { get; }

    /// <summary>"host#index": the route's name in metrics and logs.</summary>
    public string Name { get; }

    /// <summary>False when the regex does not compile; such a route never matches.</summary>
    public bool IsValid { get; }

    internal HostPattern Host { get; }

    /// <summary>The route's request timeout; null when it has none.</summary>
    internal TimeSpan? RequestTimeout { get; }

    /// <summary>The route's idle timeout (infinite when turned off); null for the cluster's default.</summary>
    internal TimeSpan? IdleTimeout { get; }

    internal RetryPlan? Retry { get; }

    /// <summary>Routes of TLS hosts that are not served on plain HTTP at all.</summary>
    internal bool DeniesPlainHttp => Descriptor.HostHasTls && Descriptor.Route.Insecure == InsecurePolicy.Deny;

    /// <summary>The cluster's model with this route's idle timeout as YARP's activity timeout, made once per cluster config.</summary>
    internal ClusterModel WithActivityTimeout(ClusterModel cluster, TimeSpan idle) =>
        _idleModels.GetValue(cluster, c => new ClusterModel(
            c.Config with { HttpRequest = (c.Config.HttpRequest ?? ForwarderRequestConfig.Empty) with { ActivityTimeout = idle } },
            c.HttpClient));

    /// <summary>Whether <paramref name="request"/>'s path and headers match (the host is matched separately). Thread-safe.</summary>
    /// <param name="request">The incoming request.</param>
    public bool MatchesRequest(HttpRequest request) => IsValid && MatchesPath(request.Path.Value ?? "/") && MatchesHeaders(request.Headers);

    /// <summary>
    /// Whether <paramref name="path"/> matches: exact, prefix per segment ("/api" matches "/api" and "/api/x", not "/apix"),
    /// or regex over the whole path (linear-time engine; patterns it cannot take run with a 100 ms bound, and a timeout is no match). Case-sensitive.
    /// </summary>
    /// <param name="path">The request path, starting with '/'.</param>
    public bool MatchesPath(string path) => _match.PathKind switch
    {
        PathMatchKind.Exact => string.Equals(path, _match.Path, StringComparison.Ordinal),
        PathMatchKind.Prefix => _prefix == "/"
            || (path.StartsWith(_prefix, StringComparison.Ordinal) && (path.Length == _prefix.Length || path[_prefix.Length] == '/')),
        _ => MatchesRegex(path),
    };

    private bool MatchesRegex(string path)
    {
        try
        {
            return _regex!.IsMatch(path);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    private bool MatchesHeaders(IHeaderDictionary headers)
    {
        foreach (var header in _match.Headers)
        {
            if (!Holds(header, headers.TryGetValue(header.Name, out var values) ? values.ToString() : null))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether the header matches hold, given each header's values joined with "," (null when absent).</summary>
    /// <param name="valuesOf">The request's values of a header name.</param>
    internal bool MatchesHeaders(Func<string, string?> valuesOf)
    {
        foreach (var header in _match.Headers)
        {
            if (!Holds(header, valuesOf(header.Name)))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Holds(HeaderMatch header, string? value)
    {
        var present = value is not null;
        return header.Kind switch
        {
            HeaderMatchKind.Present => present,
            HeaderMatchKind.NotPresent => !present,
            HeaderMatchKind.Exact => present && string.Equals(value, header.Value, StringComparison.Ordinal),
            HeaderMatchKind.Contains => present && value!.Contains(header.Value ?? string.Empty, StringComparison.Ordinal),
            // Negations hold for an absent header too, as Envoy's invert_match does.
            HeaderMatchKind.NotExact => !present || !string.Equals(value, header.Value, StringComparison.Ordinal),
            HeaderMatchKind.NotContains => !present || header.Value is null || !value!.Contains(header.Value, StringComparison.Ordinal),
            _ => false,
        };
    }

    private static Regex? CreateRegex(string pattern)
    {
        // RE2 guarantees linear time; the non-backtracking engine is the closest .NET offers.
        try
        {
            // Linear time already: a wall-clock bound would only turn a busy machine into 404s.
            return new Regex($"^(?:{pattern})$", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
        }
        catch (ArgumentException)
        {
            try
            {
                return new Regex($"^(?:{pattern})$", RegexOptions.CultureInvariant, RegexTimeout);
            }
            catch (ArgumentException)
            {
                return null;
            }
        }
    }
}
