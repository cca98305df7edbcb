using Gimbal.Core.Kubernetes;
using Gimbal.Core.Kubernetes.Contour;
using Gimbal.Kubernetes.Client;

namespace Gimbal.Kubernetes.Contour;

/// <summary>Contour's projectcontour.io/v1 resources Gimbal reads (and writes the status of).</summary>
public static class ContourResources
{
    /// <summary>projectcontour.io/v1 httpproxies (namespaced), read into <see cref="HttpProxy"/>.</summary>
    public static ResourceType<HttpProxy> HttpProxies { get; } =
        new(HttpProxy.ApiGroup, "v1", HttpProxy.Plural, true, KubernetesJsonContext.Default.HttpProxy, KubernetesJsonContext.Default.KubernetesListHttpProxy);

    /// <summary>projectcontour.io/v1 tlscertificatedelegations (namespaced), read into <see cref="TlsCertificateDelegation"/>.</summary>
    public static ResourceType<TlsCertificateDelegation> TlsCertificateDelegations { get; } =
        new(HttpProxy.ApiGroup, "v1", TlsCertificateDelegation.Plural, true, KubernetesJsonContext.Default.TlsCertificateDelegation, KubernetesJsonContext.Default.KubernetesListTlsCertificateDelegation);
}
