using Gimbal.Core.Diagnostics;
using Gimbal.Core.Kubernetes;

namespace Gimbal.Core.Compilation;

/// <summary>An Ingress Gimbal serves, with its place in claim order (oldest first, then namespace/name).</summary>
internal sealed record IngressEntry(Ingress Ingress, int Rank)
{
    public ObjectRef Ref { get; } = DiagnosticBag.RefOf(Ingress);

    public string Namespace => Ingress.Metadata.Namespace ?? string.Empty;

    public string Key => SnapshotIndex.Key(Ingress.Metadata.Namespace, Ingress.Metadata.Name);

    public static List<IngressEntry> Order(IEnumerable<Ingress> ingresses)
    {
        var list = ingresses.ToList();
        list.Sort(static (a, b) =>
        {
            var c = (a.Metadata.CreationTimestamp ?? DateTimeOffset.MaxValue).CompareTo(b.Metadata.CreationTimestamp ?? DateTimeOffset.MaxValue);
            if (c == 0) c = string.CompareOrdinal(a.Metadata.Namespace, b.Metadata.Namespace);
            if (c == 0) c = string.CompareOrdinal(a.Metadata.Name, b.Metadata.Name);
            if (c == 0) c = string.CompareOrdinal(a.Metadata.ResourceVersion, b.Metadata.ResourceVersion);
            if (c == 0) c = string.CompareOrdinal(a.Metadata.Uid, b.Metadata.Uid);
            return c;
        });
        return list.Select((ingress, rank) => new IngressEntry(ingress, rank)).ToList();
    }
}
