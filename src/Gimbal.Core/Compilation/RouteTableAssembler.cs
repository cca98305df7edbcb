using Gimbal.Core.Collections;
using Gimbal.Core.Compilation.Backends;
using Gimbal.Core.Compilation.Paths;
using Gimbal.Core.Diagnostics;
using Gimbal.Core.Routing;

namespace Gimbal.Core.Compilation;

/// <summary>Builds the route table from the drafts whose host claims were accepted.</summary>
internal static class RouteTableAssembler
{
    public static RouteTable Assemble(IReadOnlyList<RouteDraft> drafts, IReadOnlyList<TlsDraft> tlsDrafts, HashSet<(string Host, int Rank)> accepted, DiagnosticBag diagnostics)
    {
        var byHost = new Dictionary<string, List<RouteDraft>>(StringComparer.Ordinal);
        foreach (var draft in drafts)
        {
            if (!accepted.Contains((draft.Host, draft.Entry.Rank)))
            {
                continue;
            }

            if (!byHost.TryGetValue(draft.Host, out var list))
            {
                byHost[draft.Host] = list = [];
            }

            list.Add(draft);
        }

        var bindings = BindCertificates(tlsDrafts, accepted, byHost, diagnostics);
        var kept = new Dictionary<string, List<RouteDraft>>(byHost.Count, StringComparer.Ordinal);
        foreach (var (host, list) in byHost)
        {
            kept[host] = Deduplicate(list, diagnostics);
        }

        var names = ClusterNamer.Assign(kept.Values.SelectMany(l => l).Where(d => d.Cluster is not null).Select(d => d.Cluster!), drafts.Count);
        var virtualHosts = new List<VirtualHost>(kept.Count);
        foreach (var (host, list) in kept)
        {
            var binding = bindings.TryGetValue(host, out var cert) ? new TlsBinding { CertificateName = cert.Name } : null;
            var routes = new List<(Route Route, int Rank)>(list.Count);
            foreach (var draft in list)
            {
                routes.Add((ToRoute(draft, names, binding is not null), draft.Entry.Rank));
            }

            routes.Sort(RouteOrder.Instance);
            virtualHosts.Add(new VirtualHost { Name = host, Tls = binding, Routes = routes.Select(r => r.Route).ToEquatableArray() });
        }

        virtualHosts.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        var clusters = names.Select(p => p.Key.ToCluster(p.Value)).ToList();
        clusters.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        var certificates = bindings.Values.DistinctBy(c => c.Name).ToList();
        certificates.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));

        return new RouteTable
        {
            VirtualHosts = new EquatableArray<VirtualHost>(virtualHosts),
            Clusters = new EquatableArray<UpstreamCluster>(clusters),
            Certificates = new EquatableArray<TlsCertificate>(certificates),
        };
    }

    private static Route ToRoute(RouteDraft draft, Dictionary<ClusterSpec, string> names, bool hostHasTls)
    {
        var action = draft.Cluster is null
            ? RouteAction.ServiceUnavailable
            : new RouteAction
            {
                Forward = new ForwardAction
                {
                    Clusters = new EquatableArray<WeightedCluster>(System.Collections.Immutable.ImmutableArray.Create(new WeightedCluster { ClusterName = names[draft.Cluster], Weight = 1 })),
                    Timeouts = draft.Options.Timeouts,
                    Retry = draft.Options.Retry,
                    Websockets = draft.Websockets,
                },
            };

        return new Route
        {
            Match = draft.Match,
            Action = action,
            Insecure = hostHasTls ? draft.Options.Insecure : InsecurePolicy.Allow,
            Source = draft.Entry.Ref,
        };
    }

    // Drafts arrive in claim order (oldest Ingress first), so the first of equal matches wins.
    private static List<RouteDraft> Deduplicate(List<RouteDraft> drafts, DiagnosticBag diagnostics)
    {
        drafts.Sort(static (a, b) => a.Entry.Rank != b.Entry.Rank ? a.Entry.Rank.CompareTo(b.Entry.Rank) : a.Order.CompareTo(b.Order));
        var seen = new Dictionary<RouteMatch, RouteDraft>();
        var kept = new List<RouteDraft>(drafts.Count);
        foreach (var draft in drafts)
        {
            if (seen.TryGetValue(draft.Match, out var winner))
            {
                var where = winner.Entry == draft.Entry ? $"{winner.Field} of this Ingress" : $"Ingress {winner.Entry.Key} ({winner.Field}), which is older";
                diagnostics.Warning(draft.Entry.Ref, draft.Field.ToString(), DiagnosticCodes.DuplicateRoute,
                    $"{draft.Match.PathKind} path {DiagnosticBag.Quote(draft.Match.Path)} on host {DiagnosticBag.Quote(draft.Host)} is already routed by {where}; this one is ignored");
                continue;
            }

            seen[draft.Match] = draft;
            kept.Add(draft);
        }

        return kept;
    }

    private static Dictionary<string, TlsCertificate> BindCertificates(IReadOnlyList<TlsDraft> tlsDrafts, HashSet<(string Host, int Rank)> accepted, Dictionary<string, List<RouteDraft>> routedHosts, DiagnosticBag diagnostics)
    {
        var ordered = tlsDrafts.Where(t => accepted.Contains((t.Host, t.Entry.Rank)) && routedHosts.ContainsKey(t.Host)).ToList();
        ordered.Sort(static (a, b) => a.Entry.Rank != b.Entry.Rank ? a.Entry.Rank.CompareTo(b.Entry.Rank) : a.Order.CompareTo(b.Order));
        var bindings = new Dictionary<string, TlsCertificate>(StringComparer.Ordinal);
        var firstField = new Dictionary<string, TlsDraft>(StringComparer.Ordinal);
        foreach (var draft in ordered)
        {
            if (!bindings.TryGetValue(draft.Host, out var existing))
            {
                bindings[draft.Host] = draft.Certificate;
                firstField[draft.Host] = draft;
            }
            else if (existing.Name != draft.Certificate.Name)
            {
                var winner = firstField[draft.Host];
                diagnostics.Warning(draft.Entry.Ref, draft.Field, DiagnosticCodes.TlsConflict,
                    $"host {DiagnosticBag.Quote(draft.Host)} already presents certificate {existing.Name} (from Ingress {winner.Entry.Key} {winner.Field}); Secret {draft.Certificate.Name} is not used for it");
            }
        }

        return bindings;
    }
}
