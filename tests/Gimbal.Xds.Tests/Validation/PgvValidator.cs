using System.Collections;
using Gimbal.Xds.Translation;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using Validate;

namespace Gimbal.Xds.Tests.Validation;

/// <summary>
/// Checks a message against the protoc-gen-validate rules Envoy carries in its descriptors, as
/// Envoy does when it accepts a resource. Recurses into nested messages and packed Anys.
/// </summary>
internal static class PgvValidator
{
    public static IReadOnlyList<string> Validate(IMessage message)
    {
        var errors = new List<string>();
        ValidateMessage(message, message.Descriptor.Name, errors);
        return errors;
    }

    private static void ValidateMessage(IMessage message, string path, List<string> errors)
    {
        if (message is Any any)
        {
            var descriptor = EnvoyJson.TypeRegistry.Find(Any.GetTypeName(any.TypeUrl));
            if (descriptor is null)
            {
                errors.Add($"{path}: Any of unknown type {any.TypeUrl}");
                return;
            }

            ValidateMessage(descriptor.Parser.ParseFrom(any.Value), $"{path}<{descriptor.Name}>", errors);
            return;
        }

        var type = message.Descriptor;
        if (type.GetOptions()?.GetExtension(ValidateExtensions.Disabled) == true)
        {
            return;
        }

        foreach (var oneof in type.Oneofs)
        {
            if (oneof.IsSynthetic)
            {
                continue;
            }

            if (oneof.GetOptions()?.GetExtension(ValidateExtensions.Required) == true && oneof.Accessor.GetCaseFieldDescriptor(message) is null)
            {
                errors.Add($"{path}: oneof {oneof.Name} is required");
            }
        }

        foreach (var field in type.Fields.InFieldNumberOrder())
        {
            var rules = field.GetOptions()?.GetExtension(ValidateExtensions.Rules);
            var fieldPath = $"{path}.{field.Name}";
            var value = field.Accessor.GetValue(message);
            if (field.IsMap)
            {
                ValidateMap((IDictionary)value, field, rules, fieldPath, errors);
            }
            else if (field.IsRepeated)
            {
                ValidateRepeated((IList)value, field, rules, fieldPath, errors);
            }
            else
            {
                if (field.RealContainingOneof is { } oneof && oneof.Accessor.GetCaseFieldDescriptor(message) != field)
                {
                    // Rules of oneof members apply only to the member that is set.
                    continue;
                }

                var present = field.FieldType == FieldType.Message || field.HasPresence ? field.Accessor.HasValue(message) : true;

                ValidateSingle(present ? value : null, present, field, rules, fieldPath, errors);
            }
        }
    }

    private static void ValidateSingle(object? value, bool present, FieldDescriptor field, FieldRules? rules, string path, List<string> errors)
    {
        if (field.FieldType == FieldType.Message)
        {
            if (rules?.Message is { Required: true } && !present)
            {
                errors.Add($"{path}: required");
            }

            if (!present || value is null)
            {
                if (rules is { Duration.Required: true } or { Any.Required: true })
                {
                    errors.Add($"{path}: required");
                }

                return;
            }

            if (rules?.Message is { Skip: true })
            {
                return;
            }

            if (value is not IMessage)
            {
                // Wrapper types (UInt32Value, BoolValue, ...) surface as their plain value; rules apply to it.
                if (rules is not null)
                {
                    CheckScalar(value, rules, path, errors);
                }

                return;
            }

            CheckMessageRules((IMessage)value, rules, path, errors);
            ValidateMessage((IMessage)value, path, errors);
            return;
        }

        if (value is not null && rules is not null)
        {
            CheckScalar(value, rules, path, errors);
        }
    }

    private static void CheckMessageRules(IMessage value, FieldRules? rules, string path, List<string> errors)
    {
        if (rules is null)
        {
            return;
        }

        switch (value)
        {
            case Duration duration when rules.Duration is { } d:
                CheckBound(duration.ToTimeSpan(), d.Gt?.ToTimeSpan(), d.Gte?.ToTimeSpan(), d.Lt?.ToTimeSpan(), d.Lte?.ToTimeSpan(), path, errors);
                break;
            case Any any when rules.Any is { In.Count: > 0 } a && !a.In.Contains(any.TypeUrl):
                errors.Add($"{path}: Any type {any.TypeUrl} not allowed");
                break;
        }
    }

    private static void CheckBound(TimeSpan value, TimeSpan? gt, TimeSpan? gte, TimeSpan? lt, TimeSpan? lte, string path, List<string> errors)
    {
        if ((gt is { } a && value <= a) || (gte is { } b && value < b) || (lt is { } c && value >= c) || (lte is { } d && value > d))
        {
            errors.Add($"{path}: duration {value} out of range");
        }
    }

    private static void ValidateRepeated(IList items, FieldDescriptor field, FieldRules? rules, string path, List<string> errors)
    {
        if (rules?.Repeated is { } repeated)
        {
            if (repeated.HasMinItems && (ulong)items.Count < repeated.MinItems)
            {
                errors.Add($"{path}: needs at least {repeated.MinItems} items, has {items.Count}");
            }

            if (repeated.HasMaxItems && (ulong)items.Count > repeated.MaxItems)
            {
                errors.Add($"{path}: at most {repeated.MaxItems} items");
            }

            if (repeated.Unique && items.Cast<object>().Distinct().Count() != items.Count)
            {
                errors.Add($"{path}: items must be unique");
            }
        }

        for (var i = 0; i < items.Count; i++)
        {
            ValidateSingle(items[i], true, field, rules?.Repeated?.Items, $"{path}[{i}]", errors);
        }
    }

    private static void ValidateMap(IDictionary map, FieldDescriptor field, FieldRules? rules, string path, List<string> errors)
    {
        if (rules?.Map is { } m)
        {
            if (m.HasMinPairs && (ulong)map.Count < m.MinPairs)
            {
                errors.Add($"{path}: needs at least {m.MinPairs} pairs");
            }

            if (m.HasMaxPairs && (ulong)map.Count > m.MaxPairs)
            {
                errors.Add($"{path}: at most {m.MaxPairs} pairs");
            }
        }

        var valueField = field.MessageType.FindFieldByNumber(2);
        var keyField = field.MessageType.FindFieldByNumber(1);
        foreach (DictionaryEntry entry in map)
        {
            ValidateSingle(entry.Key, true, keyField, rules?.Map?.Keys, $"{path}[{entry.Key}]", errors);
            ValidateSingle(entry.Value, true, valueField, rules?.Map?.Values, $"{path}[{entry.Key}]", errors);
        }
    }

    private static void CheckScalar(object value, FieldRules rules, string path, List<string> errors)
    {
        switch (rules.TypeCase)
        {
            case FieldRules.TypeOneofCase.String:
                StringRuleChecker.Check((string)value, rules.String, path, errors);
                break;
            case FieldRules.TypeOneofCase.Enum:
                CheckEnum(value, rules.Enum, path, errors);
                break;
            case FieldRules.TypeOneofCase.None:
            case FieldRules.TypeOneofCase.Bool:
            case FieldRules.TypeOneofCase.Bytes:
            case FieldRules.TypeOneofCase.Repeated:
            case FieldRules.TypeOneofCase.Map:
            case FieldRules.TypeOneofCase.Any:
            case FieldRules.TypeOneofCase.Duration:
            case FieldRules.TypeOneofCase.Timestamp:
                break;
            default:
                NumericRuleChecker.Check(Convert.ToDecimal(value, System.Globalization.CultureInfo.InvariantCulture), RulesMessage(rules), path, errors);
                break;
        }
    }

    private static IMessage RulesMessage(FieldRules rules)
    {
        var field = FieldRules.Descriptor.FindFieldByNumber((int)rules.TypeCase);
        return (IMessage)field.Accessor.GetValue(rules);
    }

    private static void CheckEnum(object value, EnumRules rules, string path, List<string> errors)
    {
        var number = Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture);
        if (rules.DefinedOnly && !System.Enum.IsDefined(value.GetType(), value))
        {
            errors.Add($"{path}: enum value {number} is not defined");
        }

        if (rules.In.Count > 0 && !rules.In.Contains(number))
        {
            errors.Add($"{path}: enum value {number} not in allowed set");
        }

        if (rules.NotIn.Contains(number))
        {
            errors.Add($"{path}: enum value {number} not allowed");
        }
    }
}
