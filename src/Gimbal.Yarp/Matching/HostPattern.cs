namespace Gimbal.Yarp.Matching;

/// <summary>
/// A virtual host name as the Envoy translation matches it: exact (case-insensitive), "*.example.com"
/// matching exactly one more label, or "*" matching any host. Lower <see cref="Rank"/> wins.
/// </summary>
internal sealed class HostPattern
{
    private readonly string _name;
    private readonly string? _suffix;

    public HostPattern(string name)
    {
        _name = name;
        if (name == "*")
        {
            Rank = 2;
        }
        else if (name.StartsWith("*.", StringComparison.Ordinal))
        {
            Rank = 1;
            _suffix = name[1..];
        }
    }

    /// <summary>0 exact, 1 wildcard, 2 any.</summary>
    public int Rank { get; }

    public string Name => _name;

    /// <summary><paramref name="host"/> without port.</summary>
    public bool Matches(ReadOnlySpan<char> host) => Rank switch
    {
        0 => host.Equals(_name, StringComparison.OrdinalIgnoreCase),
        1 => host.Length > _suffix!.Length
            && host.EndsWith(_suffix, StringComparison.OrdinalIgnoreCase)
            && !host[..^_suffix.Length].Contains('.'),
        _ => true,
    };

    /// <summary>The Host header's name part: no port, no IPv6 brackets' port, no trailing dot.</summary>
    public static ReadOnlySpan<char> HostName(string? hostHeader)
    {
        var host = hostHeader.AsSpan();
        if (host.StartsWith("["))
        {
            var close = host.IndexOf(']');
            return close < 0 ? host : host[..(close + 1)];
        }

        var colon = host.LastIndexOf(':');
        if (colon >= 0)
        {
            host = host[..colon];
        }

        return host.EndsWith(".") ? host[..^1] : host;
    }
}
