using Gimbal.Core.Compilation;
using Gimbal.Core.Kubernetes;
using Gimbal.Core.Kubernetes.Contour;

namespace Gimbal.Kubernetes.Manifests;

/// <summary>Sorts objects into a <see cref="ResourceSnapshot"/> by kind.</summary>
public static class SnapshotBuilder
{
    /// <summary>A snapshot of the Ingresses, IngressClasses, Services, Endpoints, EndpointSlices, Secrets, HTTPProxies and TLSCertificateDelegations among <paramref name="objects"/>, in their order; other kinds are left out.</summary>
    /// <param name="objects">Objects of any kinds, e.g. from <see cref="ManifestReader"/>.</param>
    public static ResourceSnapshot Build(IEnumerable<KubernetesObject> objects)
    {
        var ingresses = new List<Ingress>();
        var classes = new List<IngressClass>();
        var services = new List<Service>();
        var endpoints = new List<Endpoints>();
        var slices = new List<EndpointSlice>();
        var secrets = new List<Secret>();
        var proxies = new List<HttpProxy>();
        var delegations = new List<TlsCertificateDelegation>();
        foreach (var obj in objects)
        {
            switch (obj)
            {
                case Ingress i: ingresses.Add(i); break;
                case IngressClass c: classes.Add(c); break;
                case Service s: services.Add(s); break;
                case Endpoints e: endpoints.Add(e); break;
                case EndpointSlice es: slices.Add(es); break;
                case Secret s: secrets.Add(s); break;
                case HttpProxy p: proxies.Add(p); break;
                case TlsCertificateDelegation d: delegations.Add(d); break;
            }
        }

        return new ResourceSnapshot
        {
            Ingresses = ingresses,
            IngressClasses = classes,
            Services = services,
            Endpoints = endpoints,
            EndpointSlices = slices,
            Secrets = secrets,
            HttpProxies = proxies,
            TlsCertificateDelegations = delegations,
        };
    }
}
