using Gimbal.Discovery.Mirroring;

namespace Gimbal.Discoverer.Commands;

/// <summary>The flags every discoverer subcommand shares, as parsed.</summary>
internal sealed record DiscovererSettings(
    string BackendName,
    string? GimbalKubeconfig,
    TimeSpan ResyncInterval,
    int NumThreads,
    double GimbalClientQps,
    int GimbalClientBurst,
    string PrometheusListenAddress,
    bool Debug,
    bool CreateNamespaces,
    EndpointsKind EndpointsKind);
