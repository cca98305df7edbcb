using System.Globalization;

namespace Gimbal.Core.Compilation;

/// <summary>
/// Where in an Ingress something was written, e.g. "spec.rules[0].http.paths[1].backend". Kept as
/// indices and only turned into text for a diagnostic: most fields never need one.
/// </summary>
internal readonly record struct FieldPath(int Rule, int Path, string Tail)
{
    public static FieldPath Of(string text) => new(-1, -1, text);

    public static FieldPath InRule(int rule, int path = -1) => new(rule, path, string.Empty);

    public FieldPath With(string tail) => this with { Tail = Tail + tail };

    public override string ToString()
    {
        if (Rule < 0)
        {
            return Tail;
        }

        var rule = "spec.rules[" + Rule.ToString(CultureInfo.InvariantCulture) + "]";
        return Path < 0 ? rule + Tail : rule + ".http.paths[" + Path.ToString(CultureInfo.InvariantCulture) + "]" + Tail;
    }

    public static string operator +(FieldPath field, string suffix) => field.ToString() + suffix;
}
