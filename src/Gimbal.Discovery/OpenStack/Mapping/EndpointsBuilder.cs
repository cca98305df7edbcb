using System.Globalization;
using Gimbal.Core.Kubernetes;
using Gimbal.Discovery.OpenStack.Model;

namespace Gimbal.Discovery.OpenStack.Mapping;

/// <summary>
/// Collects a load balancer's members into Endpoints subsets, one per (listener port name, member port), ready
/// and not-ready addresses apart, sorted so the same members always give the same object.
/// </summary>
internal sealed class EndpointsBuilder(LoadBalancerContext context)
{
    private readonly SortedDictionary<(string PortName, int Port), Subset> _subsets = new(Comparer<(string, int)>.Create(static (x, y) =>
    {
        var c = string.CompareOrdinal(x.Item1, y.Item1);
        return c != 0 ? c : x.Item2.CompareTo(y.Item2);
    }));

    private readonly SortedDictionary<string, int> _weights = new(StringComparer.Ordinal);
    private bool _anyWeight;

    /// <summary>Members seen, valid or not.</summary>
    public int UpstreamMembers { get; private set; }

    /// <summary>Members left out, plus one for each listener whose pool has none.</summary>
    public int InvalidMembers { get; set; }

    public void Add(string portName, string poolId, Member member)
    {
        UpstreamMembers++;
        if (!LoadBalancerMapper.IsIpAddress(member.Address) || member.ProtocolPort is not (>= 1 and <= 65535))
        {
            context.Warning($"pools[{poolId}].members[{member.Id}]", OpenStackDiagnosticCodes.InvalidMember,
                $"member \"{member.Id}\" has address \"{member.Address}\" and protocol_port {member.ProtocolPort?.ToString(CultureInfo.InvariantCulture) ?? "none"}; it needs an IP address and a port from 1 to 65535; it is left out");
            InvalidMembers++;
            return;
        }

        var key = (portName, member.ProtocolPort.Value);
        if (!_subsets.TryGetValue(key, out var subset))
        {
            subset = new Subset();
            _subsets[key] = subset;
        }

        var address = member.Address!;
        if (Ready(member))
        {
            subset.Ready.Add(address);
        }
        else
        {
            subset.NotReady.Add(address);
        }

        if (member.Weight is { } weight)
        {
            _anyWeight = true;
            _weights[FormatEndpoint(address, member.ProtocolPort.Value)] = weight;
        }
    }

    public IReadOnlyList<EndpointSubset> Subsets() =>
    [
        .. _subsets.Select(static pair => new EndpointSubset
        {
            Addresses = pair.Value.Ready.Count == 0 ? null : [.. pair.Value.Ready.Select(static ip => new EndpointAddress { Ip = ip })],
            NotReadyAddresses = pair.Value.NotReady.Count == 0 ? null : [.. pair.Value.NotReady.Select(static ip => new EndpointAddress { Ip = ip })],
            Ports = [new EndpointPort { Name = pair.Key.PortName, Port = pair.Key.Port, Protocol = "TCP" }],
        }),
    ];

    /// <summary>"address:port=weight,…" in ordinal order, or null when OpenStack gave no weights.</summary>
    public string? WeightAnnotation() =>
        _anyWeight ? string.Join(',', _weights.Select(static pair => pair.Key + "=" + pair.Value.ToString(CultureInfo.InvariantCulture))) : null;

    // Disabled members, members a health monitor marks ERROR or OFFLINE, and weight 0 (Octavia: "no new
    // connections") take no traffic; they are kept as not ready so the data planes know them.
    private static bool Ready(Member member) =>
        member.AdminStateUp != false
        && member.Weight != 0
        && !string.Equals(member.OperatingStatus, "ERROR", StringComparison.OrdinalIgnoreCase)
        && !string.Equals(member.OperatingStatus, "OFFLINE", StringComparison.OrdinalIgnoreCase);

    private static string FormatEndpoint(string address, int port) =>
        (address.Contains(':', StringComparison.Ordinal) ? "[" + address + "]" : address) + ":" + port.ToString(CultureInfo.InvariantCulture);

    private sealed class Subset
    {
        public SortedSet<string> Ready { get; } = new(StringComparer.Ordinal);

        public SortedSet<string> NotReady { get; } = new(StringComparer.Ordinal);
    }
}
