using Gimbal.Core.Collections;
using Gimbal.Core.Compilation.Annotations;
using Gimbal.Core.Diagnostics;
using Gimbal.Core.Kubernetes.Contour;
using Gimbal.Core.Routing;

namespace Gimbal.Core.Compilation.Proxies;

/// <summary>A route's policies in the route model; an unusable policy is reported and left out, never fatal.</summary>
internal sealed class ProxyPolicies(ProxyEntry source, string field, DiagnosticBag diagnostics)
{
    // Contour's cookie strategy hashes its own affinity cookie.
    public const string AffinityCookie = "X-Contour-Session-Affinity";

    private static readonly HashSet<string> KnownRetryOn = new(StringComparer.Ordinal)
    {
        "5xx", "gateway-error", "reset", "connect-failure", "retriable-4xx", "refused-stream", "retriable-status-codes",
        "retriable-headers", "cancelled", "deadline-exceeded", "internal", "resource-exhausted", "unavailable",
    };

    public LoadBalancerPolicy LoadBalancing(ProxyLoadBalancerPolicy? policy)
    {
        var at = field + ".loadBalancerPolicy";
        switch (policy?.Strategy)
        {
            case null or "" or "RoundRobin":
                return new LoadBalancerPolicy();
            case "WeightedLeastRequest":
                return new LoadBalancerPolicy { Strategy = LoadBalancingStrategy.LeastRequest };
            case "Random":
                return new LoadBalancerPolicy { Strategy = LoadBalancingStrategy.Random };
            case "Cookie":
                return new LoadBalancerPolicy { Strategy = LoadBalancingStrategy.RingHash, HashCookie = AffinityCookie };
            case "RequestHash":
                var header = policy.RequestHashPolicies?.Select(p => p?.HeaderHashOptions?.HeaderName).FirstOrDefault(n => !string.IsNullOrWhiteSpace(n));
                if (header is null)
                {
                    Invalid(at + ".requestHashPolicies", "RequestHash needs a requestHashPolicies entry with headerHashOptions.headerName; RoundRobin is used");
                    return new LoadBalancerPolicy();
                }

                if ((policy.RequestHashPolicies?.Count ?? 0) > 1)
                {
                    diagnostics.Warning(source.Ref, at + ".requestHashPolicies", ProxyDiagnosticCodes.NotSupported,
                        $"Gimbal's data planes hash one header; only {DiagnosticBag.Quote(header)} is used");
                }

                return new LoadBalancerPolicy { Strategy = LoadBalancingStrategy.RingHash, HashHeader = header.ToLowerInvariant() };
            default:
                Invalid(at + ".strategy", $"strategy {DiagnosticBag.Quote(policy.Strategy)} is not RoundRobin, WeightedLeastRequest, Random, Cookie or RequestHash; RoundRobin is used");
                return new LoadBalancerPolicy();
        }
    }

    public HealthCheckPolicy? HealthCheck(ProxyHealthCheckPolicy? policy, string at)
    {
        if (policy is null)
        {
            return null;
        }

        if (string.IsNullOrEmpty(policy.Path) || policy.Path[0] != '/')
        {
            Invalid(at + ".path", $"path {DiagnosticBag.Quote(policy.Path)} must start with '/'; no health check is made");
            return null;
        }

        var defaults = new HealthCheckPolicy();
        return new HealthCheckPolicy
        {
            Path = policy.Path,
            Host = string.IsNullOrWhiteSpace(policy.Host) ? null : policy.Host,
            Interval = Seconds(policy.IntervalSeconds, defaults.Interval),
            Timeout = Seconds(policy.TimeoutSeconds, defaults.Timeout),
            HealthyThreshold = Count(policy.HealthyThresholdCount, defaults.HealthyThreshold),
            UnhealthyThreshold = Count(policy.UnhealthyThresholdCount, defaults.UnhealthyThreshold),
        };
    }

    public TimeoutPolicy? Timeouts(ProxyTimeoutPolicy? policy)
    {
        if (policy is null)
        {
            return null;
        }

        var at = field + ".timeoutPolicy";
        var response = Duration(policy.Response, at + ".response");
        var idle = Duration(policy.Idle, at + ".idle");
        return response is null && idle is null ? null : new TimeoutPolicy { Request = response, Idle = idle };
    }

    public RetryPolicy? Retry(ProxyRetryPolicy? policy)
    {
        if (policy is null)
        {
            return null;
        }

        var at = field + ".retryPolicy";
        var count = policy.Count switch
        {
            null or 0 => 1,
            < 0 or > 100 => -1,
            { } n => (int)n,
        };
        if (count < 0)
        {
            Invalid(at + ".count", $"count {policy.Count} is outside 1..100; 1 is used");
            count = 1;
        }

        var on = new List<string>();
        foreach (var item in policy.RetryOn ?? [])
        {
            if (item is not null && KnownRetryOn.Contains(item))
            {
                on.Add(item);
            }
            else
            {
                Invalid(at + ".retryOn", $"{DiagnosticBag.Quote(item)} is not a retry condition Contour knows (5xx, gateway-error, reset, connect-failure, retriable-4xx, ...); it is left out");
            }
        }

        return new RetryPolicy
        {
            Count = count,
            PerTryTimeout = Duration(policy.PerTryTimeout, at + ".perTryTimeout"),
            RetryOn = on.Count == 0 ? EquatableArray.Create("5xx") : on.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToEquatableArray(),
        };
    }

    public HeadersPolicy? Headers(ProxyHeadersPolicy? policy, string at)
    {
        if (policy is null)
        {
            return null;
        }

        var set = new SortedDictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var items = policy.Set ?? [];
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            if (item is null || !ValidHeaderName(item.Name) || item.Value is null || item.Value.Any(c => c is '\r' or '\n' or '\0'))
            {
                Invalid($"{at}.set[{i}]", $"header {DiagnosticBag.Quote(item?.Name)} needs a valid name and a single-line value; it is left out");
                continue;
            }

            set[item.Name!] = item.Value;
        }

        var remove = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in policy.Remove ?? [])
        {
            if (ValidHeaderName(name))
            {
                remove.Add(name!);
            }
            else
            {
                Invalid(at + ".remove", $"{DiagnosticBag.Quote(name)} is not a header name; it is left out");
            }
        }

        return set.Count == 0 && remove.Count == 0
            ? null
            : new HeadersPolicy
            {
                Set = set.Select(p => new HeaderValue(p.Key, p.Value)).ToEquatableArray(),
                Remove = remove.ToEquatableArray(),
            };
    }

    /// <summary>Contour's replacePrefix: an entry without prefix rewrites the route's whole prefix; one with a prefix rewrites that leading part.</summary>
    public string? PrefixRewrite(ProxyPathRewritePolicy? policy, RouteMatch match)
    {
        if (policy?.ReplacePrefix is not { Count: > 0 } entries)
        {
            return null;
        }

        var at = field + ".pathRewritePolicy.replacePrefix";
        if (match.PathKind != PathMatchKind.Prefix)
        {
            Invalid(at, "only applies to prefix routes; it is ignored");
            return null;
        }

        foreach (var entry in entries.Where(e => e is not null).OrderByDescending(e => e.Prefix?.Length ?? -1))
        {
            if (entry.Replacement is not { Length: > 0 } replacement || replacement[0] != '/')
            {
                Invalid(at, $"replacement {DiagnosticBag.Quote(entry.Replacement)} must start with '/'; it is ignored");
                return null;
            }

            var prefix = string.IsNullOrEmpty(entry.Prefix) ? match.Path : entry.Prefix.Length > 1 ? entry.Prefix.TrimEnd('/') : entry.Prefix;
            if (prefix == "/" || match.Path == prefix)
            {
                return prefix == "/" && match.Path != "/" ? ProxyConditions.Join(replacement, match.Path) : replacement;
            }

            if (match.Path.StartsWith(prefix + "/", StringComparison.Ordinal))
            {
                return ProxyConditions.Join(replacement, match.Path[prefix.Length..]);
            }
        }

        Invalid(at, $"no entry's prefix is a prefix of the route's path {DiagnosticBag.Quote(match.Path)}; the path is not rewritten");
        return null;
    }

    /// <returns>False (with a diagnostic) when the redirect's path cannot be honoured: the route is then not served, never turned into a redirect loop.</returns>
    public bool TryRedirect(ProxyRedirectPolicy? policy, RouteMatch match, out RedirectAction? redirect)
    {
        redirect = null;
        if (policy is null)
        {
            return true;
        }

        var at = field + ".requestRedirectPolicy";
        if (policy.Scheme is not (null or "http" or "https"))
        {
            Invalid(at + ".scheme", $"scheme {DiagnosticBag.Quote(policy.Scheme)} is not http or https; the request's scheme is kept");
        }

        if (policy.StatusCode is not (null or 301 or 302))
        {
            Invalid(at + ".statusCode", $"status code {policy.StatusCode} is not 301 or 302; 302 is used");
        }

        if (!TryRedirectPath(policy, match, at, out var path, out var prefix))
        {
            return false;
        }

        redirect = new RedirectAction
        {
            Scheme = policy.Scheme is "http" or "https" ? policy.Scheme : null,
            Host = string.IsNullOrWhiteSpace(policy.Hostname) ? null : policy.Hostname.ToLowerInvariant(),
            Port = policy.Port is > 0 and <= 65535 ? policy.Port : null,
            Path = path,
            PrefixRewrite = prefix,
            StatusCode = policy.StatusCode is 301 ? 301 : 302,
        };
        return true;
    }

    // Contour: path replaces the whole path, prefix the part the route's prefix matched; never both.
    private bool TryRedirectPath(ProxyRedirectPolicy policy, RouteMatch match, string at, out string? path, out string? prefix)
    {
        path = null;
        prefix = null;
        const string rejected = "; the route is not served";
        if (policy.Path is not null && policy.Prefix is not null)
        {
            Invalid(at, "path and prefix cannot both be set" + rejected);
            return false;
        }

        if (policy.Path is { } fullPath)
        {
            if (!ValidRedirectPath(fullPath))
            {
                Invalid(at + ".path", $"{DiagnosticBag.Quote(fullPath)} must start with '/' and hold no whitespace, control characters or '#'" + rejected);
                return false;
            }

            path = fullPath;
            return true;
        }

        if (policy.Prefix is not { } replacement)
        {
            return true;
        }

        if (!ValidRedirectPath(replacement))
        {
            Invalid(at + ".prefix", $"{DiagnosticBag.Quote(replacement)} must start with '/' and hold no whitespace, control characters or '#'" + rejected);
            return false;
        }

        switch (match.PathKind)
        {
            case PathMatchKind.Exact:
                // The whole path is what an exact route matched.
                path = replacement;
                return true;
            case PathMatchKind.Regex:
                Invalid(at + ".prefix", "a regex route has no prefix to replace; use path instead" + rejected);
                return false;
            default:
                // Swapping the "/" a catch-all route matched must keep the rest its own segment: "/a" with "/new" is "/new/a".
                prefix = match.Path == "/" && !replacement.EndsWith('/') ? replacement + "/" : replacement;
                return true;
        }
    }

    private static bool ValidRedirectPath(string value) =>
        value.Length > 0 && value[0] == '/' && !value.Any(c => char.IsControl(c) || char.IsWhiteSpace(c) || c == '#');

    private TimeSpan? Duration(string? text, string at)
    {
        if (text is null)
        {
            return null;
        }

        if (Durations.TryParse(text, out var value))
        {
            return value;
        }

        Invalid(at, $"{DiagnosticBag.Quote(text)} is not a duration such as \"30s\", \"1m30s\" or \"infinity\"; the data plane's default is used");
        return null;
    }

    private static TimeSpan Seconds(long? value, TimeSpan fallback) => value is > 0 and <= 86400 ? TimeSpan.FromSeconds(value.Value) : fallback;

    private static int Count(long? value, int fallback) => value is > 0 and <= 1000 ? (int)value.Value : fallback;

    private static bool ValidHeaderName(string? name) =>
        !string.IsNullOrEmpty(name) && name.All(c => c > 32 && c < 127 && c is not (':' or '(' or ')' or ',' or '/' or ';' or '<' or '=' or '>' or '?' or '@' or '[' or '\\' or ']' or '{' or '}' or '"'));

    private void Invalid(string at, string message) => diagnostics.Error(source.Ref, at, ProxyDiagnosticCodes.InvalidPolicy, message);
}
