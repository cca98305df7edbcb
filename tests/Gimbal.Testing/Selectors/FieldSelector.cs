using Gimbal.Testing.Http;

namespace Gimbal.Testing.Selectors;

/// <summary>A parsed fieldSelector over the fields a resource supports (metadata.name, metadata.namespace, and a Secret's type).</summary>
internal sealed class FieldSelector
{
    private readonly IReadOnlyList<(string Field, string Value, bool Equal)> _terms;

    private FieldSelector(IReadOnlyList<(string, string, bool)> terms) => _terms = terms;

    public static FieldSelector Everything { get; } = new([]);

    public bool Matches(Func<string, string?> fieldValue) =>
        _terms.All(t => (fieldValue(t.Field) == t.Value) == t.Equal);

    public static FieldSelector Parse(string? text, IReadOnlyList<string> supported)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        var terms = new List<(string, string, bool)>();
        foreach (var raw in text.Split(','))
        {
            var part = raw.Trim();
            var ne = part.IndexOf("!=", StringComparison.Ordinal);
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            string field;
            string value;
            bool equal;
            if (ne > 0)
            {
                (field, value, equal) = (part[..ne], part[(ne + 2)..], false);
            }
            else if (eq > 0)
            {
                (field, value, equal) = (part[..eq], part[(eq + 1)..].TrimStart('='), true);
            }
            else
            {
                throw StatusBodies.BadRequest($"invalid selector: '{text}'; can't understand '{part}'");
            }

            if (!supported.Contains(field))
            {
                throw StatusBodies.BadRequest($"\"{field}\" is not a known field selector: only {string.Join(", ", supported.Select(s => $"\"{s}\""))}");
            }

            terms.Add((field, value, equal));
        }

        return new FieldSelector(terms);
    }
}
