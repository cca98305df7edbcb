using Gimbal.Core.Collections;
using Gimbal.Core.Compilation.Backends;
using Gimbal.Core.Compilation.Paths;
using Gimbal.Core.Diagnostics;
using Gimbal.Core.Routing;

namespace Gimbal.Core.Compilation.Proxies;

/// <summary>
/// Adds the proxy hosts to the route table the Ingresses produced. Ownership guarantees the host
/// sets are disjoint; clusters are named over both sets together so one name never means two
/// different clusters (an Ingress cluster is renamed in the rare case a proxy adds a variant of it).
/// </summary>
internal static class ProxyTableMerger
{
    public static RouteTable Merge(RouteTable ingress, IReadOnlyList<ProxyHostDraft> hosts, DiagnosticBag diagnostics)
    {
        if (hosts.Count == 0)
        {
            return ingress;
        }

        var ingressSpecs = ingress.Clusters.Select(c => (c.Name, Spec: new ClusterSpec(c.Service, c.Protocol, c.LoadBalancing, c.HealthCheck, c.ExternalName))).ToList();
        var names = ClusterNamer.Assign(ingressSpecs.Select(s => s.Spec).Concat(hosts.SelectMany(SpecsOf)));
        var renamed = ingressSpecs.Where(s => names[s.Spec] != s.Name).ToDictionary(s => s.Name, s => names[s.Spec], StringComparer.Ordinal);

        var virtualHosts = renamed.Count == 0 ? ingress.VirtualHosts.ToList() : ingress.VirtualHosts.Select(v => Rename(v, renamed)).ToList();
        foreach (var host in hosts)
        {
            virtualHosts.Add(ToVirtualHost(host, names, diagnostics));
        }

        virtualHosts.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        var clusters = names.Select(p => p.Key.ToCluster(p.Value)).ToList();
        clusters.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        // Every root that opts in resolves the one operator-configured fallback Secret, so they all name the same certificate.
        var fallback = hosts.Select(h => h.Fallback).FirstOrDefault(f => f is not null);
        var certificates = ingress.Certificates
            .Concat(hosts.Where(h => h.Certificate is not null).Select(h => h.Certificate!))
            .Concat(fallback is null ? [] : [fallback])
            .DistinctBy(c => c.Name).ToList();
        certificates.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        return new RouteTable
        {
            VirtualHosts = new EquatableArray<VirtualHost>(virtualHosts),
            Clusters = new EquatableArray<UpstreamCluster>(clusters),
            Certificates = new EquatableArray<TlsCertificate>(certificates),
            FallbackCertificateName = fallback?.Name ?? ingress.FallbackCertificateName,
        };
    }

    private static IEnumerable<ClusterSpec> SpecsOf(ProxyHostDraft host) =>
        host.Routes.SelectMany(r => r.Backends.Select(b => b.Spec).Concat(r.Upstreams.Mirrors.Select(m => m.Spec)))
            .Concat(host.Tcp?.Backends.Select(b => b.Spec) ?? []);

    private static EquatableArray<WeightedCluster> Weighted(IEnumerable<ProxyBackend> backends, Dictionary<ClusterSpec, string> names) =>
        // One entry per cluster and header policies: two services on one Service port with different policies stay apart.
        backends
            .GroupBy(b => (Name: names[b.Spec], b.RequestHeaders, b.ResponseHeaders))
            .Select(g => new WeightedCluster { ClusterName = g.Key.Name, Weight = g.Sum(b => b.Weight), RequestHeaders = g.Key.RequestHeaders, ResponseHeaders = g.Key.ResponseHeaders })
            .OrderBy(c => c.ClusterName, StringComparer.Ordinal)
            .ThenBy(c => OrderKey(c.RequestHeaders), StringComparer.Ordinal)
            .ThenBy(c => OrderKey(c.ResponseHeaders), StringComparer.Ordinal)
            .ToEquatableArray();

    private static string OrderKey(HeadersPolicy? policy) =>
        policy is null ? string.Empty : string.Join('\n', policy.Set.Select(h => h.Name + ":" + h.Value)) + "\0" + string.Join('\n', policy.Remove);

    private static VirtualHost ToVirtualHost(ProxyHostDraft host, Dictionary<ClusterSpec, string> names, DiagnosticBag diagnostics)
    {
        var seen = new Dictionary<RouteMatch, ProxyRouteDraft>();
        var routes = new List<(Route Route, int Rank)>(host.Routes.Count);
        foreach (var draft in host.Routes)
        {
            if (seen.TryGetValue(draft.Match, out var winner))
            {
                var where = winner.Source == draft.Source ? $"{winner.Field} of this HTTPProxy" : $"HTTPProxy {winner.Source.Key} ({winner.Field}), which comes first in the delegation order";
                diagnostics.Warning(draft.Source.Ref, draft.Field, DiagnosticCodes.DuplicateRoute,
                    $"the same conditions ({draft.Match.PathKind} {DiagnosticBag.Quote(draft.Match.Path)}, {draft.Match.Headers.Count} header conditions) are already routed by {where}; this route is ignored");
                continue;
            }

            seen[draft.Match] = draft;
            var route = new Route
            {
                Match = draft.Match,
                Action = Action(draft, names),
                // Contour: a host with TLS, passed through or terminated, redirects plain HTTP unless permitInsecure.
                Insecure = (host.Tls is null && host.Tcp is null) || draft.PermitInsecure ? InsecurePolicy.Allow : InsecurePolicy.RedirectToHttps,
                Source = draft.Source.Ref,
            };
            routes.Add((route, draft.Order));
        }

        routes.Sort(RouteOrder.Instance);
        return new VirtualHost
        {
            Name = host.Host,
            Tls = host.Tls,
            Routes = routes.Select(r => r.Route).ToEquatableArray(),
            TcpProxy = host.Tcp is { } tcp ? new TcpProxy { Clusters = Weighted(tcp.Backends, names), Passthrough = tcp.Passthrough } : null,
        };
    }

    private static RouteAction Action(ProxyRouteDraft draft, Dictionary<ClusterSpec, string> names)
    {
        if (draft.Action.Forward is not { } forward)
        {
            return draft.Action;
        }

        if (draft.Backends.Count == 0)
        {
            return RouteAction.ServiceUnavailable;
        }

        var mirrors = draft.Upstreams.Mirrors
            .Select(m => new RequestMirror { ClusterName = names[m.Spec], Percent = m.Percent })
            .OrderBy(m => m.ClusterName, StringComparer.Ordinal)
            .ToEquatableArray();
        return draft.Action with { Forward = forward with { Clusters = Weighted(draft.Backends, names), Mirrors = mirrors } };
    }

    private static VirtualHost Rename(VirtualHost host, Dictionary<string, string> renamed) => host with
    {
        Routes = host.Routes.Select(r => r.Action.Forward is { } f
            ? r with
            {
                Action = r.Action with
                {
                    Forward = f with
                    {
                        Clusters = f.Clusters.Select(c => renamed.TryGetValue(c.ClusterName, out var n) ? c with { ClusterName = n } : c)
                            .OrderBy(c => c.ClusterName, StringComparer.Ordinal).ToEquatableArray(),
                    },
                },
            }
            : r).ToEquatableArray(),
    };
}
