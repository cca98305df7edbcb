using Envoy.Config.Core.V3;
using Gimbal.Xds.Translation;

namespace Gimbal.Xds.Snapshots;

/// <summary>Which snapshot a client gets: its node group and the resource shapes it understands.</summary>
public readonly record struct SnapshotKey(string Group, ResourceFlavor Flavor);

/// <summary>Chooses a node's group from its id, cluster or metadata.</summary>
public interface INodeGroupSelector
{
    string SelectGroup(Node node);
}

/// <summary>Every node shares one group unless the host plugs in another selector.</summary>
public sealed class SingleNodeGroupSelector : INodeGroupSelector
{
    public const string DefaultGroup = "default";

    public string SelectGroup(Node node) => DefaultGroup;
}

/// <summary>Proxyless gRPC libraries name themselves in user_agent_name ("gRPC Go", "grpc-node-js", ...).</summary>
public static class NodeFlavor
{
    public static ResourceFlavor Of(Node? node) =>
        node?.UserAgentName is { } agent && agent.Contains("grpc", StringComparison.OrdinalIgnoreCase)
            ? ResourceFlavor.Grpc
            : ResourceFlavor.Envoy;
}
