using System.Text.Json.Serialization.Metadata;
using Gimbal.Core.Kubernetes;
using Gimbal.Kubernetes.Serialization;

namespace Gimbal.Kubernetes.Client;

/// <summary>Where a resource lives in the API (group, version, plural, scope) and how its JSON is read.</summary>
/// <typeparam name="T">The object model the resource's JSON is read into.</typeparam>
/// <param name="Group">The API group, e.g. "networking.k8s.io"; empty for the core group.</param>
/// <param name="Version">The API version within the group, e.g. "v1".</param>
/// <param name="Plural">The plural resource name used in paths, e.g. "ingresses".</param>
/// <param name="Namespaced">True when objects live in a namespace; false for cluster-scoped resources.</param>
/// <param name="TypeInfo">Source-generated JSON metadata for one object.</param>
/// <param name="ListTypeInfo">Source-generated JSON metadata for a list of objects.</param>
public sealed record ResourceType<T>(
    string Group,
    string Version,
    string Plural,
    bool Namespaced,
    JsonTypeInfo<T> TypeInfo,
    JsonTypeInfo<KubernetesList<T>> ListTypeInfo)
    where T : KubernetesObject
{
    /// <summary>"api/v1" or "apis/&lt;group&gt;/&lt;version&gt;".</summary>
    public string ApiPath => Group.Length == 0 ? $"api/{Version}" : $"apis/{Group}/{Version}";

    /// <summary>The apiVersion of the resource's objects: "v1" for the core group, else "&lt;group&gt;/&lt;version&gt;".</summary>
    public string GroupVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";
}

/// <summary>The resource types Gimbal uses, and custom resources by group/version/plural.</summary>
public static class KubernetesResources
{
    /// <summary>core/v1 services (namespaced).</summary>
    public static ResourceType<Service> Services { get; } =
        new("", "v1", "services", true, KubernetesJsonContext.Default.Service, KubernetesJsonContext.Default.KubernetesListService);

    /// <summary>core/v1 endpoints (namespaced).</summary>
    public static ResourceType<Endpoints> Endpoints { get; } =
        new("", "v1", "endpoints", true, KubernetesJsonContext.Default.Endpoints, KubernetesJsonContext.Default.KubernetesListEndpoints);

    /// <summary>core/v1 secrets (namespaced).</summary>
    public static ResourceType<Secret> Secrets { get; } =
        new("", "v1", "secrets", true, KubernetesJsonContext.Default.Secret, KubernetesJsonContext.Default.KubernetesListSecret);

    /// <summary>core/v1 namespaces (cluster-scoped).</summary>
    public static ResourceType<Namespace> Namespaces { get; } =
        new("", "v1", "namespaces", false, KubernetesJsonContext.Default.Namespace, KubernetesJsonContext.Default.KubernetesListNamespace);

    /// <summary>core/v1 nodes (cluster-scoped).</summary>
    public static ResourceType<Node> Nodes { get; } =
        new("", "v1", "nodes", false, KubernetesJsonContext.Default.Node, KubernetesJsonContext.Default.KubernetesListNode);

    /// <summary>discovery.k8s.io/v1 endpointslices (namespaced).</summary>
    public static ResourceType<EndpointSlice> EndpointSlices { get; } =
        new("discovery.k8s.io", "v1", "endpointslices", true, KubernetesJsonContext.Default.EndpointSlice, KubernetesJsonContext.Default.KubernetesListEndpointSlice);

    /// <summary>networking.k8s.io/v1 ingresses (namespaced).</summary>
    public static ResourceType<Ingress> Ingresses { get; } =
        new("networking.k8s.io", "v1", "ingresses", true, KubernetesJsonContext.Default.Ingress, KubernetesJsonContext.Default.KubernetesListIngress);

    /// <summary>networking.k8s.io/v1 ingressclasses (cluster-scoped).</summary>
    public static ResourceType<IngressClass> IngressClasses { get; } =
        new("networking.k8s.io", "v1", "ingressclasses", false, KubernetesJsonContext.Default.IngressClass, KubernetesJsonContext.Default.KubernetesListIngressClass);

    /// <summary>A custom resource, read and written as <see cref="GenericObject"/> (spec and status kept as raw JSON).</summary>
    public static ResourceType<GenericObject> Custom(string group, string version, string plural, bool namespaced = true) =>
        new(group, version, plural, namespaced, ClientJsonContext.Default.GenericObject, ClientJsonContext.Default.KubernetesListGenericObject);
}
