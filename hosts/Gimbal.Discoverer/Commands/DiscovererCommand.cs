using System.CommandLine;

namespace Gimbal.Discoverer.Commands;

/// <summary>The gimbal-discoverer command line; each backend type is a subcommand.</summary>
internal static class DiscovererCommand
{
    public static RootCommand Create() => new("gimbal-discoverer: mirror upstream services into the Gimbal cluster, labelled with where they came from.")
    {
        KubernetesCommand.Create(),
        OpenStackCommand.Create(),
    };
}
