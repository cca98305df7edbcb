using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Gimbal.Core.Naming;

/// <summary>
/// Names of mirrored objects, compatible with the original Gimbal: "&lt;backend&gt;-&lt;upstream name&gt;",
/// shortened so it fits a DNS label, in a way that keeps names unique and stable across restarts.
/// </summary>
public static partial class GimbalNames
{
    /// <summary>The Kubernetes DNS label limit: names and label values have at most 63 characters.</summary>
    public const int MaxLength = 63;

    private const int ShortHashLength = 6;

    /// <summary>The name of a mirrored Service or Endpoints: backend and upstream name joined by '-'.</summary>
    public static string BuildDiscoveredName(string backendName, string serviceName) => Shorten(MaxLength, backendName, serviceName);

    /// <summary>A label value that fits: shortened the same way as names.</summary>
    public static string ShortenLabelValue(string value) => Shorten(MaxLength, value);

    /// <summary>
    /// Joins <paramref name="parts"/> with '-'. While the result is <paramref name="limit"/> characters or more,
    /// cuts parts from the last to the first to limit / parts.Length characters each, the tail of each cut
    /// part replaced by the first 6 hex digits of the SHA-256 of that part.
    /// </summary>
    public static string Shorten(int limit, params string[] parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var work = (string[])parts.Clone();
        var joined = string.Join('-', work);
        if (joined.Length < limit || work.Length == 0)
        {
            return joined;
        }

        var each = limit / work.Length;
        for (var i = work.Length - 1; i >= 0; i--)
        {
            work[i] = Truncate(each, work[i], ShortHash(work[i]));
            joined = string.Join('-', work);
            if (joined.Length < limit)
            {
                break;
            }
        }

        return joined;
    }

    /// <summary>Whether <paramref name="name"/> can be a backend name; <paramref name="message"/> says why not.</summary>
    public static bool IsValidBackendName(string? name, out string message)
    {
        if (string.IsNullOrEmpty(name))
        {
            message = "a backend name must not be empty";
            return false;
        }

        if (!BackendNamePattern().IsMatch(name))
        {
            message = $"backend name \"{name}\" is invalid: it must consist of lower case letters, digits and '-', start with a letter and end with a letter or digit (regex ^[a-z]([-a-z0-9]*[a-z0-9])?$)";
            return false;
        }

        message = string.Empty;
        return true;
    }

    private static string Truncate(int length, string value, string suffix)
    {
        if (length >= value.Length)
        {
            return value;
        }

        if (length <= suffix.Length)
        {
            return suffix[..Math.Max(length, 0)];
        }

        return string.Concat(value.AsSpan(0, length - suffix.Length), suffix);
    }

    private static string ShortHash(string value)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(value), hash);
        return Convert.ToHexStringLower(hash)[..ShortHashLength];
    }

    [GeneratedRegex("^[a-z]([-a-z0-9]*[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex BackendNamePattern();
}
