using System.Collections.Concurrent;

namespace Gimbal.Testing.Resources;

/// <summary>The resource types a test server serves: the built-in ones Gimbal uses plus registered custom resources.</summary>
public sealed class ResourceCatalog
{
    public static readonly ApiResource Services = new("", "v1", "services", "Service", true, ["svc"]);
    public static readonly ApiResource Endpoints = new("", "v1", "endpoints", "Endpoints", true, ["ep"], HasStatus: false);
    public static readonly ApiResource Secrets = new("", "v1", "secrets", "Secret", true, [], HasStatus: false);
    public static readonly ApiResource Namespaces = new("", "v1", "namespaces", "Namespace", false, ["ns"]);
    public static readonly ApiResource Nodes = new("", "v1", "nodes", "Node", false, ["no"]);
    public static readonly ApiResource EndpointSlices = new("discovery.k8s.io", "v1", "endpointslices", "EndpointSlice", true, [], HasStatus: false, HasGeneration: true);
    public static readonly ApiResource Ingresses = new("networking.k8s.io", "v1", "ingresses", "Ingress", true, ["ing"], HasGeneration: true);
    public static readonly ApiResource IngressClasses = new("networking.k8s.io", "v1", "ingressclasses", "IngressClass", false, [], HasStatus: false, HasGeneration: true);

    private readonly ConcurrentDictionary<string, ApiResource> _byGroupVersionPlural = new(StringComparer.Ordinal);

    public ResourceCatalog()
    {
        foreach (var r in new[] { Services, Endpoints, Secrets, Namespaces, Nodes, EndpointSlices, Ingresses, IngressClasses })
        {
            Add(r);
        }
    }

    public IEnumerable<ApiResource> All => _byGroupVersionPlural.Values.OrderBy(r => r.StoreKey, StringComparer.Ordinal);

    public void Add(ApiResource resource) => _byGroupVersionPlural[resource.StoreKey] = resource;

    public ApiResource? Find(string group, string version, string plural) =>
        _byGroupVersionPlural.GetValueOrDefault($"{(group.Length == 0 ? version : $"{group}/{version}")}/{plural}");

    public ApiResource? FindByKind(string apiVersion, string kind) =>
        _byGroupVersionPlural.Values.FirstOrDefault(r => r.GroupVersion == apiVersion && r.Kind == kind);

    public IEnumerable<string> Groups => All.Where(r => r.Group.Length > 0).Select(r => r.Group).Distinct();
}
