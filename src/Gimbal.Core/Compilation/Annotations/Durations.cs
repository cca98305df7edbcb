using System.Globalization;

namespace Gimbal.Core.Compilation.Annotations;

/// <summary>
/// Go-style durations as Contour annotations use them ("30s", "1m30s", "250ms", "1.5h");
/// "infinity" (or "infinite") and "0s" mean disabled, which the route model writes as <see cref="TimeSpan.Zero"/>.
/// </summary>
internal static class Durations
{
    private static readonly TimeSpan Max = TimeSpan.FromDays(1);

    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        var s = text?.Trim();
        if (string.IsNullOrEmpty(s))
        {
            return false;
        }

        if (s is "infinity" or "infinite")
        {
            return true;
        }

        var total = 0.0;
        var i = 0;
        while (i < s.Length)
        {
            var start = i;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.'))
            {
                i++;
            }

            if (start == i || !double.TryParse(s.AsSpan(start, i - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }

            var unitStart = i;
            while (i < s.Length && char.IsAsciiLetterLower(s[i]))
            {
                i++;
            }

            double? unitMs = s.AsSpan(unitStart, i - unitStart) switch
            {
                "ms" => 1,
                "s" => 1000,
                "m" => 60_000,
                "h" => 3_600_000,
                _ => null,
            };
            if (unitMs is null)
            {
                return false;
            }

            total += number * unitMs.Value;
        }

        if (total > Max.TotalMilliseconds)
        {
            return false;
        }

        value = TimeSpan.FromMilliseconds(Math.Round(total));
        return true;
    }
}
