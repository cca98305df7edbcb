using System.Globalization;
using Gimbal.Core.Compilation.Annotations;
using Gimbal.Core.Kubernetes;

namespace Gimbal.Core.Compilation.EndpointTables;

/// <summary>
/// Reads the per-address weights annotation (<see cref="GimbalAnnotations.MemberWeights"/>) that the
/// OpenStack discoverer writes from pool member weights: "10.0.0.1:8080=3,[fd00::1]:80=1".
/// </summary>
internal static class MemberWeights
{
    // Octavia and Neutron LBaaS allow member weights up to 256.
    private const int MaxWeight = 256;

    public static IReadOnlyDictionary<(string Address, int Port), int>? Parse(KubernetesObject source, DiagnosticBag? diagnostics)
    {
        if (source.Metadata.Annotations is not { } annotations || !annotations.TryGetValue(GimbalAnnotations.MemberWeights, out var text) || string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var weights = new Dictionary<(string, int), int>();
        foreach (var entry in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!TryParseEntry(entry, out var address, out var port, out var weight))
            {
                diagnostics?.Warning(DiagnosticBag.RefOf(source), GimbalAnnotations.Field(GimbalAnnotations.MemberWeights), Diagnostics.DiagnosticCodes.InvalidAnnotation,
                    $"annotation {GimbalAnnotations.MemberWeights} has entry {DiagnosticBag.Quote(entry)}; expected ADDRESS:PORT=WEIGHT with a weight from 1 to {MaxWeight}; that address keeps the object's weight");
                continue;
            }

            weights[(address, port)] = weight;
        }

        return weights;
    }

    private static bool TryParseEntry(string entry, out string address, out int port, out int weight)
    {
        address = string.Empty;
        port = 0;
        weight = 0;
        var equals = entry.LastIndexOf('=');
        var colon = equals > 0 ? entry.LastIndexOf(':', equals - 1) : -1;
        if (colon <= 0
            || !int.TryParse(entry.AsSpan(equals + 1), NumberStyles.None, CultureInfo.InvariantCulture, out weight) || weight is < 1 or > MaxWeight
            || !int.TryParse(entry.AsSpan(colon + 1, equals - colon - 1), NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535)
        {
            return false;
        }

        address = entry[..colon];
        if (address.StartsWith('[') && address.EndsWith(']'))
        {
            address = address[1..^1];
        }

        return address.Length > 0;
    }
}
