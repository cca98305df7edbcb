using System.Collections.Frozen;

namespace Gimbal.Yarp.Tcp;

/// <summary>How a host's connections reach its upstream.</summary>
public enum TcpProxyMode
{
    /// <summary>The client's TLS bytes go to the upstream untouched; the upstream terminates TLS.</summary>
    Passthrough,

    /// <summary>The gateway terminates TLS with the host's certificate and forwards the decrypted stream.</summary>
    Terminated,
}

/// <summary>One host whose connections are proxied at the TCP level, and the YARP cluster it goes to.</summary>
/// <param name="Host">The SNI name: exact or "*.example.com" (exactly one more label).</param>
/// <param name="Mode">Passthrough or terminated.</param>
/// <param name="ClusterId">The YARP cluster (a plain Gimbal cluster or a weighted split) whose endpoints serve it; null closes connections.</param>
public sealed record TcpProxyTarget(string Host, TcpProxyMode Mode, string? ClusterId);

/// <summary>
/// The TCP proxy hosts of the current route table, looked up by SNI name on every new HTTPS
/// connection; <see cref="Update"/> swaps them in atomically, so a change applies to the next connection.
/// </summary>
public sealed class TcpProxyRoutes
{
    private volatile Snapshot _snapshot = Snapshot.Empty;

    /// <summary>True when no host is proxied at the TCP level, so connections need not be peeked at.</summary>
    public bool IsEmpty => _snapshot.IsEmpty;

    /// <summary>Replaces every target; for a repeated host the first wins.</summary>
    public void Update(IEnumerable<TcpProxyTarget> targets)
    {
        var exact = new Dictionary<string, TcpProxyTarget>(StringComparer.OrdinalIgnoreCase);
        var wildcard = new Dictionary<string, TcpProxyTarget>(StringComparer.OrdinalIgnoreCase);
        foreach (var target in targets)
        {
            if (target.Host.StartsWith("*.", StringComparison.Ordinal))
            {
                wildcard.TryAdd(target.Host[2..], target);
            }
            else if (target.Host != "*")
            {
                exact.TryAdd(target.Host, target);
            }
        }

        _snapshot = new Snapshot(exact.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase), wildcard.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>The target for an SNI name (exact names before wildcards), or null.</summary>
    public TcpProxyTarget? Find(string? serverName)
    {
        if (string.IsNullOrEmpty(serverName))
        {
            return null;
        }

        var snapshot = _snapshot;
        if (snapshot.Exact.TryGetValue(serverName, out var target))
        {
            return target;
        }

        var dot = serverName.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && snapshot.Wildcard.TryGetValue(serverName[(dot + 1)..], out target) ? target : null;
    }

    private sealed record Snapshot(FrozenDictionary<string, TcpProxyTarget> Exact, FrozenDictionary<string, TcpProxyTarget> Wildcard)
    {
        public static Snapshot Empty { get; } = new(FrozenDictionary<string, TcpProxyTarget>.Empty, FrozenDictionary<string, TcpProxyTarget>.Empty);

        public bool IsEmpty => Exact.Count == 0 && Wildcard.Count == 0;
    }
}
