namespace Gimbal.Core.Kubernetes;

/// <summary>discovery.k8s.io/v1 EndpointSlice.</summary>
public sealed record EndpointSlice : KubernetesObject
{
    public EndpointSlice()
    {
        ApiVersion = "discovery.k8s.io/v1";
        Kind = "EndpointSlice";
    }

    public string? AddressType { get; init; }
    public IReadOnlyList<SliceEndpoint>? Endpoints { get; init; }
    public IReadOnlyList<EndpointPort>? Ports { get; init; }
}

/// <summary>endpoints[] of an EndpointSlice.</summary>
public sealed record SliceEndpoint : KubernetesModel
{
    public IReadOnlyList<string>? Addresses { get; init; }
    public EndpointConditions? Conditions { get; init; }
    public string? Hostname { get; init; }
    public ObjectReferenceModel? TargetRef { get; init; }
    public string? NodeName { get; init; }
    public string? Zone { get; init; }
    public EndpointHints? Hints { get; init; }
}

/// <summary>endpoints[].conditions; a missing ready means ready.</summary>
public sealed record EndpointConditions : KubernetesModel
{
    public bool? Ready { get; init; }
    public bool? Serving { get; init; }
    public bool? Terminating { get; init; }
}

/// <summary>endpoints[].hints.</summary>
public sealed record EndpointHints : KubernetesModel
{
    public IReadOnlyList<ForZone>? ForZones { get; init; }
}

/// <summary>hints.forZones[].</summary>
public sealed record ForZone : KubernetesModel
{
    public string? Name { get; init; }
}
