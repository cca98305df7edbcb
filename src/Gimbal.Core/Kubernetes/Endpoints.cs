namespace Gimbal.Core.Kubernetes;

/// <summary>core/v1 Endpoints.</summary>
public sealed record Endpoints : KubernetesObject
{
    /// <summary>An empty Endpoints with apiVersion "v1" and kind "Endpoints" set.</summary>
    public Endpoints()
    {
        ApiVersion = "v1";
        Kind = "Endpoints";
    }

    /// <summary>Groups of addresses that share the same ports; null or empty when there are no endpoints.</summary>
    public IReadOnlyList<EndpointSubset>? Subsets { get; init; }
}

/// <summary>subsets[].</summary>
public sealed record EndpointSubset : KubernetesModel
{
    /// <summary>Addresses ready to receive traffic.</summary>
    public IReadOnlyList<EndpointAddress>? Addresses { get; init; }
    /// <summary>Addresses that exist but are not ready (failing readiness, starting, draining).</summary>
    public IReadOnlyList<EndpointAddress>? NotReadyAddresses { get; init; }
    /// <summary>The ports every address of the subset serves.</summary>
    public IReadOnlyList<EndpointPort>? Ports { get; init; }
}

/// <summary>subsets[].addresses[] and notReadyAddresses[].</summary>
public sealed record EndpointAddress : KubernetesModel
{
    /// <summary>The IPv4 or IPv6 address.</summary>
    public string? Ip { get; init; }
    /// <summary>The endpoint's hostname, when it has one.</summary>
    public string? Hostname { get; init; }
    /// <summary>The node the endpoint runs on.</summary>
    public string? NodeName { get; init; }
    /// <summary>The object behind the address, usually a Pod.</summary>
    public ObjectReferenceModel? TargetRef { get; init; }
}

/// <summary>subsets[].ports[].</summary>
public sealed record EndpointPort : KubernetesModel
{
    /// <summary>The port's name: matches the Service port of the same name.</summary>
    public string? Name { get; init; }
    /// <summary>The port the addresses serve on (the pods' port, not the Service's).</summary>
    public int Port { get; init; }
    /// <summary>TCP (the default when null), UDP or SCTP.</summary>
    public string? Protocol { get; init; }
    /// <summary>The application protocol, copied from the Service port.</summary>
    public string? AppProtocol { get; init; }
}
