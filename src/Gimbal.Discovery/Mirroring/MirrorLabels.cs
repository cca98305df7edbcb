namespace Gimbal.Discovery.Mirroring;

/// <summary>Well-known labels the engine writes or reads besides Gimbal's ownership labels.</summary>
public static class MirrorLabels
{
    /// <summary>The Service an EndpointSlice belongs to.</summary>
    public const string ServiceName = "kubernetes.io/service-name";

    /// <summary>Who manages an EndpointSlice; the cluster's own controllers leave slices managed by others alone.</summary>
    public const string ManagedBy = "endpointslice.kubernetes.io/managed-by";

    /// <summary>Gimbal's value of <see cref="ManagedBy"/>.</summary>
    public const string ManagedByGimbal = "gimbal.projectcontour.io";

    /// <summary>
    /// Tells the cluster's EndpointSlice mirroring controller to leave the mirrored Endpoints alone: Gimbal writes
    /// the slices itself, so the controller's copies would double every endpoint.
    /// </summary>
    public const string SkipMirror = "endpointslice.kubernetes.io/skip-mirror";
}
