using System.Text.RegularExpressions;

namespace Gimbal.Core.Routing;

/// <summary>
/// Route selection as every data plane performs it: host precedence exact, then wildcard (one extra
/// label), then "*"; routes in table order, first match wins. Used by "gimbal explain" and by the
/// data planes' shared tests. Build one per table: it indexes hosts and compiles regexes once.
/// </summary>
public sealed class RequestMatcher
{
    private readonly Dictionary<string, VirtualHost> _hosts;
    private readonly EndpointTable? _endpoints;
    private readonly TimeSpan _regexTimeout;
    private readonly Dictionary<string, Regex?> _regexes = new(StringComparer.Ordinal);
    private readonly Lock _regexGate = new();

    /// <param name="table">The routes.</param>
    /// <param name="endpoints">When given, a forward to clusters without a ready endpoint answers 503.</param>
    /// <param name="regexTimeout">
    /// Bound on each regex evaluation; none by default: the non-backtracking engine matches in linear time, and a
    /// wall-clock bound would turn a busy machine into wrong answers.
    /// </param>
    /// <summary>A matcher over <paramref name="table"/>; thread-safe once built.</summary>
    public RequestMatcher(RouteTable table, EndpointTable? endpoints = null, TimeSpan? regexTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        _hosts = new Dictionary<string, VirtualHost>(StringComparer.Ordinal);
        foreach (var host in table.VirtualHosts)
        {
            _hosts.TryAdd(host.Name, host);
        }

        _endpoints = endpoints;
        _regexTimeout = regexTimeout ?? Regex.InfiniteMatchTimeout;
    }

    /// <summary>Which host and route would serve <paramref name="request"/>, and what the proxy answers (forward, redirect, 404, 503, ...). Never throws on request content.</summary>
    /// <param name="request">The request's scheme, host, path and headers.</param>
    public RouteMatchResult Match(RouteRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var secure = string.Equals(request.Scheme, "https", StringComparison.OrdinalIgnoreCase);
        var host = NormalizeHost(request.Host);
        var path = request.Path is { Length: > 0 } p ? p : "/";
        var query = path.IndexOf('?', StringComparison.Ordinal);
        if (query >= 0)
        {
            path = path[..query];
        }

        var vhost = FindHost(host, secure);
        if (vhost is null)
        {
            return new RouteMatchResult
            {
                StatusCode = 404,
                Reason = secure ? $"no virtual host with TLS serves \"{host}\"" : $"no virtual host serves \"{host}\" and there is no \"*\" host",
            };
        }

        if (secure && vhost.TcpProxy is { } tcp)
        {
            return new RouteMatchResult
            {
                StatusCode = tcp.Clusters.Count > 0 ? 200 : 503,
                VirtualHost = vhost.Name,
                Clusters = tcp.Clusters,
                Reason = tcp.Passthrough
                    ? "TLS connections for this host are passed through, still encrypted, to its TCP proxy clusters"
                    : "TLS connections for this host are terminated and their bytes proxied to its TCP proxy clusters",
            };
        }

        var routes = vhost.Routes;
        for (var i = 0; i < routes.Count; i++)
        {
            var route = routes[i];
            if (!secure && HasTls(vhost) && route.Insecure == InsecurePolicy.Deny)
            {
                continue;
            }

            if (!PathMatches(route.Match, path) || !HeadersMatch(route.Match, request.Headers))
            {
                continue;
            }

            return Answer(vhost, i, route, secure, host, request.Path ?? "/");
        }

        return new RouteMatchResult { StatusCode = 404, VirtualHost = vhost.Name, Reason = $"no route of virtual host \"{vhost.Name}\" matches path \"{path}\"" };
    }

    private RouteMatchResult Answer(VirtualHost vhost, int index, Route route, bool secure, string host, string target)
    {
        var result = new RouteMatchResult { StatusCode = 0, VirtualHost = vhost.Name, RouteIndex = index, Route = route, Reason = string.Empty };
        if (!secure && HasTls(vhost) && route.Insecure == InsecurePolicy.RedirectToHttps)
        {
            return result with { StatusCode = 301, Location = $"https://{host}{target}", Reason = "plain HTTP is redirected to HTTPS for this route" };
        }

        if (route.Action.DirectResponse is { } direct)
        {
            return result with { StatusCode = direct.StatusCode, Reason = direct.StatusCode == 503 ? "the route's backend does not exist" : "the route answers directly" };
        }

        if (route.Action.Redirect is { } redirect)
        {
            var location = $"{redirect.Scheme ?? (secure ? "https" : "http")}://{redirect.Host ?? host}{(redirect.Port is { } port ? ":" + port : string.Empty)}{RedirectTarget(redirect, route.Match, target)}";
            return result with { StatusCode = redirect.StatusCode, Location = location, Reason = "the route redirects" };
        }

        if (route.Action.Forward is not { Clusters.Count: > 0 } forward)
        {
            return result with { StatusCode = 503, Reason = "the route has no backend" };
        }

        if (_endpoints is not null && !forward.Clusters.Any(c => c.Weight > 0 && HasReadyEndpoint(c.ClusterName)))
        {
            return result with { StatusCode = 503, Clusters = forward.Clusters, Reason = "no cluster of the route has a ready endpoint" };
        }

        return result with { StatusCode = 200, Clusters = forward.Clusters, Reason = "forwarded" };
    }

    // Envoy swaps the characters the prefix matched; the rest of the path and the query string stay.
    private static string RedirectTarget(RedirectAction redirect, RouteMatch match, string target)
    {
        if (redirect.Path is { } replaced)
        {
            return replaced;
        }

        if (redirect.PrefixRewrite is { } prefix && match.PathKind == PathMatchKind.Prefix && target.StartsWith('/'))
        {
            var matched = match.Path.Length > 1 ? match.Path.TrimEnd('/') : match.Path;
            return prefix + target[Math.Min(matched.Length, target.Length)..];
        }

        return target;
    }

    // A passed-through host has TLS too, only not terminated here.
    private static bool HasTls(VirtualHost host) => host.Tls is not null || host.TcpProxy is not null;

    private bool HasReadyEndpoint(string cluster) =>
        _endpoints!.Find(cluster) is { } c && c.Endpoints.Any(e => e.Ready && e.Weight > 0);

    private VirtualHost? FindHost(string host, bool secure)
    {
        if (_hosts.TryGetValue(host, out var exact) && (!secure || exact.Tls is not null || exact.TcpProxy is not null))
        {
            return exact;
        }

        var dot = host.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0 && _hosts.TryGetValue("*" + host[dot..], out var wildcard) && (!secure || wildcard.Tls is not null || wildcard.TcpProxy is not null))
        {
            return wildcard;
        }

        return !secure && _hosts.TryGetValue("*", out var any) ? any : null;
    }

    private static string NormalizeHost(string? value)
    {
        var host = value?.Trim() ?? string.Empty;
        if (host.StartsWith('['))
        {
            var close = host.IndexOf(']', StringComparison.Ordinal);
            host = close > 0 ? host[..(close + 1)] : host;
        }
        else
        {
            var colon = host.LastIndexOf(':');
            if (colon >= 0)
            {
                host = host[..colon];
            }
        }

        return host.TrimEnd('.').ToLowerInvariant();
    }

    private bool PathMatches(RouteMatch match, string path) => match.PathKind switch
    {
        PathMatchKind.Exact => string.Equals(path, match.Path, StringComparison.Ordinal),
        PathMatchKind.Prefix => PrefixMatches(match.Path, path),
        PathMatchKind.Regex => RegexFor(match.Path) is { } regex && SafeIsMatch(regex, path),
        _ => false,
    };

    private static bool PrefixMatches(string prefix, string path)
    {
        var p = prefix.Length > 1 ? prefix.TrimEnd('/') : prefix;
        if (p == "/")
        {
            return true;
        }

        return path.StartsWith(p, StringComparison.Ordinal) && (path.Length == p.Length || path[p.Length] == '/');
    }

    private static bool HeadersMatch(RouteMatch match, IReadOnlyDictionary<string, string>? headers)
    {
        foreach (var condition in match.Headers)
        {
            var value = Find(headers, condition.Name);
            var holds = condition.Kind switch
            {
                HeaderMatchKind.Exact => value is not null && string.Equals(value, condition.Value, StringComparison.Ordinal),
                HeaderMatchKind.Contains => value is not null && condition.Value is not null && value.Contains(condition.Value, StringComparison.Ordinal),
                HeaderMatchKind.Present => value is not null,
                HeaderMatchKind.NotPresent => value is null,
                HeaderMatchKind.NotExact => value is null || !string.Equals(value, condition.Value, StringComparison.Ordinal),
                HeaderMatchKind.NotContains => value is null || condition.Value is null || !value.Contains(condition.Value, StringComparison.Ordinal),
                _ => false,
            };
            if (!holds)
            {
                return false;
            }
        }

        return true;
    }

    private static string? Find(IReadOnlyDictionary<string, string>? headers, string name)
    {
        if (headers is null)
        {
            return null;
        }

        if (headers.TryGetValue(name, out var direct))
        {
            return direct;
        }

        foreach (var (key, value) in headers)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return null;
    }

    private Regex? RegexFor(string pattern)
    {
        lock (_regexGate)
        {
            if (!_regexes.TryGetValue(pattern, out var regex))
            {
                try
                {
                    regex = new Regex(@"\A(?:" + pattern + @")\z", RegexOptions.NonBacktracking | RegexOptions.CultureInvariant, _regexTimeout);
                }
                catch (ArgumentException)
                {
                    regex = null;
                }
                catch (NotSupportedException)
                {
                    regex = null;
                }

                _regexes[pattern] = regex;
            }

            return regex;
        }
    }

    private static bool SafeIsMatch(Regex regex, string path)
    {
        try
        {
            return regex.IsMatch(path);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }
}
