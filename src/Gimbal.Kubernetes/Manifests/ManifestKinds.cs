using System.Text.Json;
using Gimbal.Core.Kubernetes;
using Gimbal.Core.Kubernetes.Contour;

namespace Gimbal.Kubernetes.Manifests;

/// <summary>The kinds a manifest may hold, with the apiVersion each is read as.</summary>
public static class ManifestKinds
{
    private static readonly Dictionary<string, (string ApiVersion, Func<JsonElement, KubernetesObject?> Read)> Kinds =
        new(StringComparer.Ordinal)
        {
            ["Service"] = ("v1", e => KubernetesJson.Deserialize<Service>(e)),
            ["Endpoints"] = ("v1", e => KubernetesJson.Deserialize<Endpoints>(e)),
            ["Secret"] = ("v1", e => KubernetesJson.Deserialize<Secret>(e)),
            ["Namespace"] = ("v1", e => KubernetesJson.Deserialize<Namespace>(e)),
            ["Node"] = ("v1", e => KubernetesJson.Deserialize<Node>(e)),
            ["EndpointSlice"] = ("discovery.k8s.io/v1", e => KubernetesJson.Deserialize<EndpointSlice>(e)),
            ["Ingress"] = ("networking.k8s.io/v1", e => KubernetesJson.Deserialize<Ingress>(e)),
            ["IngressClass"] = ("networking.k8s.io/v1", e => KubernetesJson.Deserialize<IngressClass>(e)),
            ["HTTPProxy"] = (HttpProxy.ApiVersionV1, e => KubernetesJson.Deserialize<HttpProxy>(e)),
            ["TLSCertificateDelegation"] = (HttpProxy.ApiVersionV1, e => KubernetesJson.Deserialize<TlsCertificateDelegation>(e)),
        };

    private static readonly HashSet<string> ClusterScoped = new(StringComparer.Ordinal) { "Namespace", "Node", "IngressClass" };

    /// <summary>The kinds Gimbal reads, in name order.</summary>
    public static IEnumerable<string> Known => Kinds.Keys.Order(StringComparer.Ordinal);

    /// <summary>True for kinds that live outside namespaces (Namespace, Node, IngressClass); the reader gives them no default namespace.</summary>
    /// <param name="kind">The object's kind, e.g. "IngressClass".</param>
    public static bool IsClusterScoped(string kind) => ClusterScoped.Contains(kind);

    /// <summary>Reads one object; a problem message when the kind or apiVersion is not one Gimbal reads.</summary>
    public static (KubernetesObject? Object, string? Problem) Read(string kind, string? apiVersion, JsonElement element)
    {
        if (!Kinds.TryGetValue(kind, out var entry))
        {
            return (null, $"kind '{kind}' ({apiVersion}) is not one Gimbal reads; it was skipped");
        }

        if (!string.Equals(apiVersion, entry.ApiVersion, StringComparison.Ordinal))
        {
            return (null, $"apiVersion '{apiVersion}' of {kind} is not supported; use '{entry.ApiVersion}'");
        }

        return (entry.Read(element), null);
    }
}
