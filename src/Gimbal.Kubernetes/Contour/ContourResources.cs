using Gimbal.Core.Kubernetes;
using Gimbal.Core.Kubernetes.Contour;
using Gimbal.Kubernetes.Client;

namespace Gimbal.Kubernetes.Contour;

/// <summary>Contour's projectcontour.io/v1 resources Gimbal reads (and writes the status of).</summary>
public static class ContourResources
{
    public static ResourceType<HttpProxy> HttpProxies { get; } =
        new(HttpProxy.ApiGroup, "v1", HttpProxy.Plural, true, KubernetesJsonContext.Default.HttpProxy, KubernetesJsonContext.Default.KubernetesListHttpProxy);

    public static ResourceType<TlsCertificateDelegation> TlsCertificateDelegations { get; } =
        new(HttpProxy.ApiGroup, "v1", TlsCertificateDelegation.Plural, true, KubernetesJsonContext.Default.TlsCertificateDelegation, KubernetesJsonContext.Default.KubernetesListTlsCertificateDelegation);
}
