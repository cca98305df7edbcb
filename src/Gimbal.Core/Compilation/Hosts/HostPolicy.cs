namespace Gimbal.Core.Compilation.Hosts;

/// <summary>
/// The optional namespace → allowed host patterns policy. "team.example.com" allows that name,
/// "*.team.example.com" any name (or wildcard) below it at any depth, "*" everything.
/// </summary>
internal sealed class HostPolicy(IReadOnlyDictionary<string, IReadOnlyList<string>>? allowed)
{
    public bool Enabled => allowed is not null;

    public bool Allows(string ns, string host)
    {
        if (allowed is null)
        {
            return true;
        }

        if (!allowed.TryGetValue(ns, out var patterns) || patterns is null)
        {
            return false;
        }

        foreach (var raw in patterns)
        {
            var pattern = raw?.Trim().ToLowerInvariant();
            if (string.IsNullOrEmpty(pattern))
            {
                continue;
            }

            if (pattern == HostNames.Any || string.Equals(pattern, host, StringComparison.Ordinal))
            {
                return true;
            }

            if (HostNames.IsWildcard(pattern) && host != HostNames.Any && host.EndsWith(pattern.AsSpan(1), StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
