using System.Text;
using Gimbal.Yarp.Matching;
using Gimbal.Yarp.Translation;

namespace Gimbal.Yarp.FastLane.Routing;

/// <summary>
/// The routes of one applied config, grouped by virtual host, matched with GimbalMatcherPolicy's
/// rules for plain-HTTP requests: the best host (exact, then "*.suffix" with one more label, then
/// "*"), then its first route in table order whose match holds, skipping routes that deny plain HTTP.
/// Immutable; the data plane swaps in a new one per route change.
/// </summary>
internal sealed class FastLaneTable
{
    private readonly Dictionary<string, FastRoute[]> _exact;
    private readonly Dictionary<string, FastRoute[]> _wildcards;
    private readonly FastRoute[]? _any;

    private FastLaneTable(Dictionary<string, FastRoute[]> exact, Dictionary<string, FastRoute[]> wildcards, FastRoute[]? any)
    {
        _exact = exact;
        _wildcards = wildcards;
        _any = any;
    }

    public static FastLaneTable Empty { get; } = new(new(StringComparer.OrdinalIgnoreCase), new(StringComparer.OrdinalIgnoreCase), null);

    public static FastLaneTable Build(IEnumerable<RouteDescriptor> descriptors)
    {
        var exact = new Dictionary<string, FastRoute[]>(StringComparer.OrdinalIgnoreCase);
        var wildcards = new Dictionary<string, FastRoute[]>(StringComparer.OrdinalIgnoreCase);
        FastRoute[]? any = null;
        foreach (var host in descriptors.GroupBy(d => d.VirtualHost, StringComparer.Ordinal))
        {
            var routes = host
                .OrderBy(d => d.Index)
                .Select(d => new CompiledRoute(d))
                .Where(r => !r.DeniesPlainHttp)
                .Select(r => new FastRoute(r))
                .ToArray();
            if (host.Key == "*")
            {
                any ??= routes;
            }
            else if (host.Key.StartsWith("*.", StringComparison.Ordinal))
            {
                wildcards.TryAdd(host.Key[1..], routes);
            }
            else
            {
                // Hosts differing only in case both match exactly; the first in the table wins, as in the matcher policy.
                exact.TryAdd(host.Key, routes);
            }
        }

        return new FastLaneTable(exact, wildcards, any);
    }

    /// <summary>The route serving a plain-HTTP request to <paramref name="hostName"/> (no port, no trailing dot), or null.</summary>
    public FastRoute? Match(string hostName, ReadOnlySpan<byte> path, Func<string, string?> headerValues)
    {
        var routes = Host(hostName);
        if (routes is null)
        {
            return null;
        }

        foreach (var route in routes)
        {
            if (route.MatchesPath(path) && (!route.HasHeaderMatches || route.Compiled.MatchesHeaders(headerValues)))
            {
                return route;
            }
        }

        return null;
    }

    private FastRoute[]? Host(string hostName)
    {
        if (_exact.TryGetValue(hostName, out var routes))
        {
            return routes;
        }

        var dot = hostName.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0 && _wildcards.Count > 0 && _wildcards.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(hostName.AsSpan(dot), out routes))
        {
            return routes;
        }

        return _any;
    }

    /// <summary>The Host header's name part, as GimbalMatcherPolicy takes it.</summary>
    public static string HostName(ReadOnlySpan<byte> hostHeader) => HostPattern.HostName(Encoding.ASCII.GetString(hostHeader)).ToString();
}
