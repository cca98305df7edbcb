using System.Net;

namespace Gimbal.Core.Compilation.Hosts;

/// <summary>Host name rules of the Ingress spec: DNS-1123 names, lower case, an optional "*." first label.</summary>
internal static class HostNames
{
    public const string Any = "*";
    private const int MaxLength = 253;
    private const int MaxLabelLength = 63;

    /// <summary>Normalizes (lower-cases) a rule's host; null or empty means any host ("*").</summary>
    public static bool TryNormalize(string? host, out string normalized, out string error)
    {
        error = string.Empty;
        if (string.IsNullOrEmpty(host))
        {
            normalized = Any;
            return true;
        }

        normalized = host.ToLowerInvariant();
        if (normalized.Length > MaxLength)
        {
            error = $"is too long: a host name has at most {MaxLength} characters";
            return false;
        }

        if (IPAddress.TryParse(normalized.Trim('[', ']'), out _))
        {
            error = "is an IP address; Ingress hosts must be DNS names";
            return false;
        }

        var span = normalized.AsSpan();
        if (span.StartsWith("*."))
        {
            span = span[2..];
        }

        if (span.IsEmpty)
        {
            error = "has no labels after the wildcard";
            return false;
        }

        foreach (var range in span.Split('.'))
        {
            var label = span[range];
            if (label.IsEmpty || label.Length > MaxLabelLength)
            {
                error = $"has an empty label or one longer than {MaxLabelLength} characters";
                return false;
            }

            if (label[0] == '-' || label[^1] == '-')
            {
                error = "has a label that starts or ends with '-'";
                return false;
            }

            foreach (var c in label)
            {
                if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
                {
                    error = c == '*'
                        ? "uses '*' other than as the whole first label (\"*.example.com\")"
                        : c > 127
                            ? "holds non-ASCII characters; write internationalized names in their xn-- (punycode) form"
                            : $"holds the character '{(char.IsControl(c) ? "\\u" + ((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture) : c.ToString())}'; only a-z, 0-9, '-' and '.' are allowed";
                    return false;
                }
            }
        }

        return true;
    }

    public static bool IsWildcard(string host) => host.StartsWith("*.", StringComparison.Ordinal);

    /// <summary>"*.example.com" for "a.example.com"; null for hosts with a single label, wildcards and "*".</summary>
    public static string? ParentWildcard(string host)
    {
        if (host == Any || IsWildcard(host))
        {
            return null;
        }

        var dot = host.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && dot < host.Length - 1 ? "*" + host[dot..] : null;
    }
}
