using Gimbal.Core.Kubernetes;
using Gimbal.Kubernetes.Client;

namespace Gimbal.Kubernetes.Status;

/// <summary>The resource types status writing touches beyond those the client and <see cref="Contour.ContourResources"/> name.</summary>
public static class StatusResources
{
    /// <summary>core/v1 Events, written as generic objects: Gimbal only ever creates them.</summary>
    public static ResourceType<GenericObject> Events { get; } = KubernetesResources.Custom("", "v1", "events");
}
