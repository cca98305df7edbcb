namespace Gimbal.Core.Kubernetes;

/// <summary>core/v1 Endpoints.</summary>
public sealed record Endpoints : KubernetesObject
{
    public Endpoints()
    {
        ApiVersion = "v1";
        Kind = "Endpoints";
    }

    public IReadOnlyList<EndpointSubset>? Subsets { get; init; }
}

/// <summary>subsets[].</summary>
public sealed record EndpointSubset : KubernetesModel
{
    public IReadOnlyList<EndpointAddress>? Addresses { get; init; }
    public IReadOnlyList<EndpointAddress>? NotReadyAddresses { get; init; }
    public IReadOnlyList<EndpointPort>? Ports { get; init; }
}

/// <summary>subsets[].addresses[] and notReadyAddresses[].</summary>
public sealed record EndpointAddress : KubernetesModel
{
    public string? Ip { get; init; }
    public string? Hostname { get; init; }
    public string? NodeName { get; init; }
    public ObjectReferenceModel? TargetRef { get; init; }
}

/// <summary>subsets[].ports[].</summary>
public sealed record EndpointPort : KubernetesModel
{
    public string? Name { get; init; }
    public int Port { get; init; }
    public string? Protocol { get; init; }
    public string? AppProtocol { get; init; }
}
