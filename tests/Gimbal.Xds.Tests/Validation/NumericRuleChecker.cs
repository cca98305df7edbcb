using System.Collections;
using System.Globalization;
using Google.Protobuf;

namespace Gimbal.Xds.Tests.Validation;

/// <summary>
/// The numeric PGV rule messages (UInt32Rules, Int64Rules, DoubleRules, ...) share field names, so
/// one reflective check serves all of them.
/// </summary>
internal static class NumericRuleChecker
{
    public static void Check(decimal value, IMessage rules, string path, List<string> errors)
    {
        if (Get(rules, "const") is { } constant && value != constant)
        {
            errors.Add($"{path}: must equal {constant}, is {value}");
        }

        var gt = Get(rules, "gt");
        var gte = Get(rules, "gte");
        var lt = Get(rules, "lt");
        var lte = Get(rules, "lte");
        if ((gt is { } a && value <= a) || (gte is { } b && value < b) || (lt is { } c && value >= c) || (lte is { } d && value > d))
        {
            errors.Add($"{path}: {value} out of range (gt {gt}, gte {gte}, lt {lt}, lte {lte})");
        }

        if (List(rules, "in") is { Count: > 0 } allowed && !allowed.Contains(value))
        {
            errors.Add($"{path}: {value} not in allowed set");
        }

        if (List(rules, "not_in") is { } denied && denied.Contains(value))
        {
            errors.Add($"{path}: {value} not allowed");
        }
    }

    private static decimal? Get(IMessage rules, string name)
    {
        var field = rules.Descriptor.FindFieldByName(name);
        if (field is null || !field.Accessor.HasValue(rules))
        {
            return null;
        }

        return Convert.ToDecimal(field.Accessor.GetValue(rules), CultureInfo.InvariantCulture);
    }

    private static List<decimal>? List(IMessage rules, string name)
    {
        var field = rules.Descriptor.FindFieldByName(name);
        return field is null
            ? null
            : ((IList)field.Accessor.GetValue(rules)).Cast<object>().Select(v => Convert.ToDecimal(v, CultureInfo.InvariantCulture)).ToList();
    }
}
