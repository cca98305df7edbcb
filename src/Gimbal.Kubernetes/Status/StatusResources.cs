using Gimbal.Core.Kubernetes;
using Gimbal.Core.Kubernetes.Contour;
using Gimbal.Kubernetes.Client;

namespace Gimbal.Kubernetes.Status;

/// <summary>The resource types status writing touches beyond the built-in ones the client names.</summary>
public static class StatusResources
{
    public static ResourceType<HttpProxy> HttpProxies { get; } =
        new(HttpProxy.ApiGroup, "v1", HttpProxy.Plural, true, KubernetesJsonContext.Default.HttpProxy, KubernetesJsonContext.Default.KubernetesListHttpProxy);

    /// <summary>core/v1 Events, written as generic objects: Gimbal only ever creates them.</summary>
    public static ResourceType<GenericObject> Events { get; } = KubernetesResources.Custom("", "v1", "events");
}
