namespace Gimbal.Core.Kubernetes;

/// <summary>discovery.k8s.io/v1 EndpointSlice.</summary>
public sealed record EndpointSlice : KubernetesObject
{
    /// <summary>An empty EndpointSlice with apiVersion "discovery.k8s.io/v1" and kind "EndpointSlice" set.</summary>
    public EndpointSlice()
    {
        ApiVersion = "discovery.k8s.io/v1";
        Kind = "EndpointSlice";
    }

    /// <summary>IPv4, IPv6 or FQDN: the kind of every address in the slice.</summary>
    public string? AddressType { get; init; }
    /// <summary>The endpoints; a slice holds at most 1000.</summary>
    public IReadOnlyList<SliceEndpoint>? Endpoints { get; init; }
    /// <summary>The ports every endpoint of the slice serves; an empty name matches the Service's only unnamed port.</summary>
    public IReadOnlyList<EndpointPort>? Ports { get; init; }
}

/// <summary>endpoints[] of an EndpointSlice.</summary>
public sealed record SliceEndpoint : KubernetesModel
{
    /// <summary>The endpoint's addresses (consumers use the first); all of <see cref="EndpointSlice.AddressType"/>.</summary>
    public IReadOnlyList<string>? Addresses { get; init; }
    /// <summary>Whether the endpoint is ready, serving, terminating.</summary>
    public EndpointConditions? Conditions { get; init; }
    /// <summary>The endpoint's hostname, when it has one.</summary>
    public string? Hostname { get; init; }
    /// <summary>The object behind the endpoint, usually a Pod.</summary>
    public ObjectReferenceModel? TargetRef { get; init; }
    /// <summary>The node the endpoint runs on.</summary>
    public string? NodeName { get; init; }
    /// <summary>The zone the endpoint runs in.</summary>
    public string? Zone { get; init; }
    /// <summary>Topology-aware routing hints.</summary>
    public EndpointHints? Hints { get; init; }
}

/// <summary>endpoints[].conditions; a missing ready means ready.</summary>
public sealed record EndpointConditions : KubernetesModel
{
    /// <summary>Ready for traffic; null means ready.</summary>
    public bool? Ready { get; init; }
    /// <summary>Able to serve, even while terminating; null means the same as <see cref="Ready"/>.</summary>
    public bool? Serving { get; init; }
    /// <summary>Shutting down.</summary>
    public bool? Terminating { get; init; }
}

/// <summary>endpoints[].hints.</summary>
public sealed record EndpointHints : KubernetesModel
{
    /// <summary>The zones whose clients should use this endpoint.</summary>
    public IReadOnlyList<ForZone>? ForZones { get; init; }
}

/// <summary>hints.forZones[].</summary>
public sealed record ForZone : KubernetesModel
{
    /// <summary>The zone's name.</summary>
    public string? Name { get; init; }
}
