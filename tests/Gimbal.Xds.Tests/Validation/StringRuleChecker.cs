using System.Text;
using System.Text.RegularExpressions;
using Validate;

namespace Gimbal.Xds.Tests.Validation;

/// <summary>PGV string rules, including the strict HTTP header name/value patterns Envoy uses.</summary>
internal static partial class StringRuleChecker
{
    public static void Check(string value, StringRules rules, string path, List<string> errors)
    {
        if (rules.IgnoreEmpty && value.Length == 0)
        {
            return;
        }

        var runes = value.EnumerateRunes().Count();
        var bytes = Encoding.UTF8.GetByteCount(value);
        if (rules.HasConst && value != rules.Const)
        {
            errors.Add($"{path}: must equal '{rules.Const}'");
        }

        if ((rules.HasMinLen && (ulong)runes < rules.MinLen) || (rules.HasMaxLen && (ulong)runes > rules.MaxLen) || (rules.HasLen && (ulong)runes != rules.Len))
        {
            errors.Add($"{path}: length {runes} violates min_len/max_len/len");
        }

        if ((rules.HasMinBytes && (ulong)bytes < rules.MinBytes) || (rules.HasMaxBytes && (ulong)bytes > rules.MaxBytes))
        {
            errors.Add($"{path}: {bytes} bytes violates min_bytes/max_bytes");
        }

        if ((rules.HasPrefix && !value.StartsWith(rules.Prefix, StringComparison.Ordinal)) ||
            (rules.HasSuffix && !value.EndsWith(rules.Suffix, StringComparison.Ordinal)) ||
            (rules.HasContains && !value.Contains(rules.Contains, StringComparison.Ordinal)) ||
            (rules.HasNotContains && value.Contains(rules.NotContains, StringComparison.Ordinal)))
        {
            errors.Add($"{path}: '{value}' violates prefix/suffix/contains");
        }

        if (rules.HasPattern && !Regex.IsMatch(value, rules.Pattern, RegexOptions.None, TimeSpan.FromSeconds(1)))
        {
            errors.Add($"{path}: '{value}' does not match {rules.Pattern}");
        }

        if (rules.In.Count > 0 && !rules.In.Contains(value))
        {
            errors.Add($"{path}: '{value}' not in allowed set");
        }

        if (rules.NotIn.Contains(value))
        {
            errors.Add($"{path}: '{value}' not allowed");
        }

        if (rules.HasWellKnownRegex)
        {
            var strict = !rules.HasStrict || rules.Strict;
            var ok = rules.WellKnownRegex switch
            {
                KnownRegex.HttpHeaderName => (strict ? HeaderName() : LooseHeader()).IsMatch(value),
                KnownRegex.HttpHeaderValue => (strict ? HeaderValue() : LooseHeader()).IsMatch(value),
                _ => true,
            };
            if (!ok)
            {
                errors.Add($"{path}: '{value}' is not a valid {rules.WellKnownRegex}");
            }
        }
    }

    // The patterns protoc-gen-validate generates for the strict well-known regexes.
    [GeneratedRegex(@"^:?[0-9a-zA-Z!#$%&'*+\-.^_|~`]+$")]
    private static partial Regex HeaderName();

    [GeneratedRegex(@"^[^\u0000-\u0008\u000A-\u001F\u007F]*$")]
    private static partial Regex HeaderValue();

    [GeneratedRegex(@"^[^\u0000\u000A\u000D]*$")]
    private static partial Regex LooseHeader();
}
