using Gimbal.Core.Diagnostics;
using Gimbal.Core.Kubernetes.Contour;

namespace Gimbal.Core.Compilation.Proxies;

/// <summary>An HTTPProxy with its place in claim order (oldest first, then namespace/name), as Ingresses are ordered.</summary>
internal sealed record ProxyEntry(HttpProxy Proxy, int Rank)
{
    public ObjectRef Ref { get; } = DiagnosticBag.RefOf(Proxy);

    public string Namespace => Proxy.Metadata.Namespace ?? string.Empty;

    public string Key => SnapshotIndex.Key(Proxy.Metadata.Namespace, Proxy.Metadata.Name);

    public bool IsRoot => Proxy.Spec?.Virtualhost is not null;

    public static List<ProxyEntry> Order(IEnumerable<HttpProxy> proxies)
    {
        // One object per namespace/name (only hand-made snapshots have more), picked by content so input order never matters.
        var list = proxies.Where(p => p is not null)
            .GroupBy(p => SnapshotIndex.Key(p.Metadata.Namespace, p.Metadata.Name), StringComparer.Ordinal)
            .Select(g => g.Count() == 1 ? g.First() : g.MaxBy(p => Kubernetes.KubernetesJson.Serialize(p), StringComparer.Ordinal)!)
            .ToList();
        list.Sort(static (a, b) =>
        {
            var c = (a.Metadata.CreationTimestamp ?? DateTimeOffset.MaxValue).CompareTo(b.Metadata.CreationTimestamp ?? DateTimeOffset.MaxValue);
            if (c == 0) c = string.CompareOrdinal(a.Metadata.Namespace, b.Metadata.Namespace);
            if (c == 0) c = string.CompareOrdinal(a.Metadata.Name, b.Metadata.Name);
            if (c == 0) c = string.CompareOrdinal(a.Metadata.ResourceVersion, b.Metadata.ResourceVersion);
            if (c == 0) c = string.CompareOrdinal(a.Metadata.Uid, b.Metadata.Uid);
            return c;
        });
        return list.Select((proxy, rank) => new ProxyEntry(proxy, rank)).ToList();
    }
}
