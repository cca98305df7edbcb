using System.Text;
using Gimbal.Core.Kubernetes;

namespace Gimbal.Discovery.Mirroring;

/// <summary>
/// Canonical text of the fields the engine owns on each object, with the API server's defaults applied and
/// order removed where the server may reorder (Endpoints subsets are repacked on write). Two objects with
/// the same fingerprint need no write: that is what makes a resync with no upstream change write nothing.
/// </summary>
public static class MirrorFingerprint
{
    /// <summary>The canonical text of a Service's owned fields: labels, annotations, type, external name or headless-ness, and ports (server defaults applied, sorted).</summary>
    /// <param name="service">A desired mirror or the object read back from the Gimbal cluster.</param>
    public static string Of(Service service)
    {
        var text = new StringBuilder();
        AppendMeta(text, service.Metadata);
        var spec = service.Spec ?? new ServiceSpec();
        var type = spec.Type ?? "ClusterIP";
        text.Append("type=").Append(type).Append('\n');
        if (type == "ExternalName")
        {
            text.Append("externalName=").Append(spec.ExternalName).Append('\n');
        }
        else
        {
            text.Append("clusterIP=").Append(spec.ClusterIP == "None" ? "None" : "allocated").Append('\n');
        }

        foreach (var port in (spec.Ports ?? []).Select(p => $"{p.Name}|{p.Port}|{(p.TargetPort ?? p.Port).ToString()}|{p.Protocol ?? "TCP"}").Order(StringComparer.Ordinal))
        {
            text.Append("port=").Append(port).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>The canonical text of an Endpoints' owned fields: labels, annotations, and every address with its readiness and ports, sorted (the server repacks subsets).</summary>
    /// <param name="endpoints">A desired mirror or the object read back from the Gimbal cluster.</param>
    public static string Of(Endpoints endpoints)
    {
        var text = new StringBuilder();
        AppendMeta(text, endpoints.Metadata);
        var rows = new List<string>();
        foreach (var subset in endpoints.Subsets ?? [])
        {
            var ports = string.Join(',', (subset.Ports ?? []).Select(p => $"{p.Name}/{p.Port}/{p.Protocol ?? "TCP"}").Order(StringComparer.Ordinal));
            rows.AddRange((subset.Addresses ?? []).Select(a => $"{a.Ip}|{a.Hostname}|ready|{ports}"));
            rows.AddRange((subset.NotReadyAddresses ?? []).Select(a => $"{a.Ip}|{a.Hostname}|notready|{ports}"));
        }

        foreach (var row in rows.Order(StringComparer.Ordinal))
        {
            text.Append("address=").Append(row).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>The canonical text of an EndpointSlice's owned fields: labels, annotations, address type, ports and endpoints.</summary>
    /// <param name="slice">A desired slice or the object read back from the Gimbal cluster.</param>
    public static string Of(EndpointSlice slice)
    {
        var text = new StringBuilder();
        AppendMeta(text, slice.Metadata);
        text.Append("addressType=").Append(slice.AddressType).Append('\n');
        foreach (var port in (slice.Ports ?? []).Select(p => $"{p.Name}/{p.Port}/{p.Protocol ?? "TCP"}").Order(StringComparer.Ordinal))
        {
            text.Append("port=").Append(port).Append('\n');
        }

        foreach (var endpoint in (slice.Endpoints ?? []).Select(e => $"{string.Join(',', e.Addresses ?? [])}|{e.Hostname}|{e.Conditions?.Ready ?? true}").Order(StringComparer.Ordinal))
        {
            text.Append("endpoint=").Append(endpoint).Append('\n');
        }

        return text.ToString();
    }

    private static void AppendMeta(StringBuilder text, ObjectMeta meta)
    {
        foreach (var (key, value) in (meta.Labels ?? new Dictionary<string, string>()).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            text.Append("label=").Append(key).Append('=').Append(value).Append('\n');
        }

        foreach (var (key, value) in (meta.Annotations ?? new Dictionary<string, string>()).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            text.Append("annotation=").Append(key).Append('=').Append(value).Append('\n');
        }
    }
}
