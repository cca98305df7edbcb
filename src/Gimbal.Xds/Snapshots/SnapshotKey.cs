using Envoy.Config.Core.V3;
using Gimbal.Xds.Translation;

namespace Gimbal.Xds.Snapshots;

/// <summary>Which snapshot a client gets: its node group and the resource shapes it understands.</summary>
/// <param name="Group">The node group, from <see cref="INodeGroupSelector"/>.</param>
/// <param name="Flavor">Envoy or proxyless gRPC resources, from <see cref="NodeFlavor"/>.</param>
public readonly record struct SnapshotKey(string Group, ResourceFlavor Flavor);

/// <summary>Chooses a node's group from its id, cluster or metadata.</summary>
public interface INodeGroupSelector
{
    /// <summary>The group of <paramref name="node"/>; nodes of one group get the same snapshot. Called once per stream, possibly concurrently.</summary>
    /// <param name="node">The node the client sent in its first request.</param>
    string SelectGroup(Node node);
}

/// <summary>Every node shares one group unless the host plugs in another selector.</summary>
public sealed class SingleNodeGroupSelector : INodeGroupSelector
{
    /// <summary>The group every node is in: "default".</summary>
    public const string DefaultGroup = "default";

    /// <summary>Always <see cref="DefaultGroup"/>.</summary>
    /// <param name="node">Not used.</param>
    public string SelectGroup(Node node) => DefaultGroup;
}

/// <summary>Proxyless gRPC libraries name themselves in user_agent_name ("gRPC Go", "grpc-node-js", ...).</summary>
public static class NodeFlavor
{
    /// <summary>gRPC for a node whose user_agent_name contains "grpc" (any case), Envoy otherwise (null included).</summary>
    /// <param name="node">The node the client sent.</param>
    public static ResourceFlavor Of(Node? node) =>
        node?.UserAgentName is { } agent && agent.Contains("grpc", StringComparison.OrdinalIgnoreCase)
            ? ResourceFlavor.Grpc
            : ResourceFlavor.Envoy;
}
