using System.Security.Cryptography;
using System.Text;

namespace Gimbal.Core.Compilation.Backends;

/// <summary>
/// Names clusters "namespace/service/port". When routes use one Service port with different
/// options, every variant but the one with default options gets "/" and the first 8 hex digits of
/// the SHA-256 of its options, so names depend only on content, never on which route came first.
/// </summary>
internal static class ClusterNamer
{
    public static Dictionary<ClusterSpec, string> Assign(IEnumerable<ClusterSpec> specs, int expected = 0)
    {
        var names = new Dictionary<ClusterSpec, string>(expected);
        var variants = new Dictionary<string, int>(expected, StringComparer.Ordinal);
        foreach (var spec in specs)
        {
            if (names.TryAdd(spec, spec.BaseName))
            {
                variants[spec.BaseName] = variants.GetValueOrDefault(spec.BaseName) + 1;
            }
        }

        if (variants.Count == names.Count)
        {
            return names;
        }

        foreach (var spec in names.Keys.ToList())
        {
            if (variants[spec.BaseName] > 1 && !spec.HasDefaultOptions)
            {
                names[spec] = spec.BaseName + "/" + ShortHash(spec.OptionsText);
            }
        }

        return names;
    }

    private static string ShortHash(string text)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), hash);
        return Convert.ToHexStringLower(hash[..4]);
    }
}
