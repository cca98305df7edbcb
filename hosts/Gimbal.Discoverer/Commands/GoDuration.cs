using System.Globalization;
using System.Text.RegularExpressions;

namespace Gimbal.Discoverer.Commands;

/// <summary>Durations as the original's Go flags wrote them: "30m", "1h30m", "90s", "250ms".</summary>
internal static partial class GoDuration
{
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        if (text == "0")
        {
            return true;
        }

        var matches = Part().Matches(text);
        if (matches.Count == 0 || string.Concat(matches.Select(m => m.Value)) != text)
        {
            return false;
        }

        double ms = 0;
        foreach (Match match in matches)
        {
            var number = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            ms += match.Groups[2].Value switch
            {
                "h" => number * 3_600_000,
                "m" => number * 60_000,
                "s" => number * 1000,
                "ms" => number,
                "us" or "µs" => number / 1000,
                _ => number / 1_000_000,
            };
        }

        value = TimeSpan.FromMilliseconds(ms);
        return true;
    }

    [GeneratedRegex(@"(\d+(?:\.\d+)?)(h|ms|m|s|us|µs|ns)", RegexOptions.CultureInvariant)]
    private static partial Regex Part();
}
