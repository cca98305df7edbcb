namespace Gimbal.Discovery.Mirroring;

/// <summary>
/// Which endpoint objects the engine writes next to each mirrored Service (--endpoints-kind). Every kind carries
/// the same addresses; the route compiler reads either. Fewer objects per Service means fewer writes, so a full
/// mirror at a given client QPS finishes sooner.
/// </summary>
public enum EndpointsKind
{
    /// <summary>
    /// Endpoints and discovery.k8s.io/v1 EndpointSlices (three writes per Service). The Endpoints carry
    /// <c>endpointslice.kubernetes.io/skip-mirror: "true"</c> so the cluster's EndpointSlice mirroring controller
    /// does not add slices of its own next to Gimbal's.
    /// </summary>
    Both,

    /// <summary>
    /// Endpoints only (two writes per Service). In a real cluster the EndpointSlice mirroring controller
    /// (kube-controller-manager) mirrors the Endpoints of a selector-less Service, which every mirrored Service is,
    /// into EndpointSlices managed by <c>endpointslicemirroring-controller.k8s.io</c>; the engine leaves those alone.
    /// </summary>
    Endpoints,

    /// <summary>
    /// EndpointSlices only (two writes per Service), for clusters and readers that no longer use the deprecated
    /// Endpoints API.
    /// </summary>
    EndpointSlices,
}
