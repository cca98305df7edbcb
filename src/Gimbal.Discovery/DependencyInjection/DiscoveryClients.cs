namespace Gimbal.Discovery.DependencyInjection;

/// <summary>Service keys of the two Kubernetes clients a discoverer process holds.</summary>
public static class DiscoveryClients
{
    /// <summary>The Gimbal cluster, where mirrors are written.</summary>
    public const string Gimbal = "gimbal";

    /// <summary>The upstream cluster a Kubernetes discoverer reads.</summary>
    public const string Upstream = "upstream";
}
