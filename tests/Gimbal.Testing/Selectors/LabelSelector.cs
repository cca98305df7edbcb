using Gimbal.Testing.Http;

namespace Gimbal.Testing.Selectors;

/// <summary>A parsed labelSelector: requirements joined by ',' (=, ==, !=, in, notin, key, !key).</summary>
internal sealed class LabelSelector
{
    private readonly IReadOnlyList<Func<IReadOnlyDictionary<string, string>, bool>> _requirements;

    private LabelSelector(IReadOnlyList<Func<IReadOnlyDictionary<string, string>, bool>> requirements) => _requirements = requirements;

    public static LabelSelector Everything { get; } = new([]);

    public bool Matches(IReadOnlyDictionary<string, string> labels) => _requirements.All(r => r(labels));

    public static LabelSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        var requirements = new List<Func<IReadOnlyDictionary<string, string>, bool>>();
        foreach (var part in SplitTopLevel(text))
        {
            requirements.Add(ParseRequirement(part.Trim()));
        }

        return new LabelSelector(requirements);
    }

    private static IEnumerable<string> SplitTopLevel(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '(': depth++; break;
                case ')': depth--; break;
                case ',' when depth == 0:
                    yield return text[start..i];
                    start = i + 1;
                    break;
            }
        }

        yield return text[start..];
    }

    private static Func<IReadOnlyDictionary<string, string>, bool> ParseRequirement(string part)
    {
        if (part.Length == 0)
        {
            throw StatusBodies.BadRequest("unable to parse requirement: found '', expected: identifier");
        }

        if (part[0] == '!')
        {
            var key = RequireKey(part[1..].Trim());
            return labels => !labels.ContainsKey(key);
        }

        var ne = part.IndexOf("!=", StringComparison.Ordinal);
        if (ne > 0)
        {
            var key = RequireKey(part[..ne].Trim());
            var value = part[(ne + 2)..].Trim();
            return labels => !labels.TryGetValue(key, out var v) || v != value;
        }

        var eq = part.IndexOf('=', StringComparison.Ordinal);
        if (eq > 0)
        {
            var key = RequireKey(part[..eq].Trim());
            var value = part[(eq + 1)..].TrimStart('=').Trim();
            return labels => labels.TryGetValue(key, out var v) && v == value;
        }

        var words = part.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 1)
        {
            var key = RequireKey(words[0]);
            return labels => labels.ContainsKey(key);
        }

        var rest = words[1];
        var op = rest.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (op[0] is not ("in" or "notin"))
        {
            throw StatusBodies.BadRequest($"unable to parse requirement: found '{op[0]}', expected: in, notin, =, ==, !=, gt, lt");
        }

        var setText = op.Length > 1 ? op[1] : string.Empty;
        if (!setText.StartsWith('(') || !setText.EndsWith(')'))
        {
            var found = setText.Split(' ', 2)[0];
            throw StatusBodies.BadRequest($"unable to parse requirement: found '{found}' expected: '('");
        }

        var set = setText[1..^1].Split(',', StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        var name = RequireKey(words[0]);
        return op[0] == "in"
            ? labels => labels.TryGetValue(name, out var v) && set.Contains(v)
            : labels => !labels.TryGetValue(name, out var v) || !set.Contains(v);
    }

    private static string RequireKey(string key)
    {
        if (key.Length == 0 || key.Any(c => char.IsWhiteSpace(c) || c is '(' or ')' or '!' or '=' or ','))
        {
            throw StatusBodies.BadRequest($"unable to parse requirement: invalid label key \"{key}\"");
        }

        return key;
    }
}
