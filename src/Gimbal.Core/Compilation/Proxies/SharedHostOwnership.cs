using Gimbal.Core.Compilation.Hosts;
using Gimbal.Core.Diagnostics;

namespace Gimbal.Core.Compilation.Proxies;

/// <summary>
/// The ownership rules Ingress and HTTPProxy share. A host has one owner: the oldest claim on it
/// decides whether Ingresses or a root HTTPProxy own it, so neither kind can take a host the other
/// already serves. Among roots, Contour's rule holds: two roots for one fqdn are both invalid. The
/// namespace → domain policy is applied first, so a claim outside a namespace's domains can neither
/// win a host nor make a legitimate root a duplicate. Ingress-against-Ingress conflicts are left to
/// <see cref="HostOwnership"/>, which runs on the Ingress claims this returns.
/// </summary>
internal static class SharedHostOwnership
{
    /// <returns>The Ingress claims still in play, and the root proxy that owns each proxy host.</returns>
    public static (List<HostClaim> IngressClaims, Dictionary<string, ProxyEntry> ProxyHosts) Resolve(
        IReadOnlyList<HostClaim> ingressClaims, IReadOnlyList<ProxyHostClaim> proxyClaims, HostPolicy policy, DiagnosticBag diagnostics)
    {
        if (proxyClaims.Count == 0)
        {
            // Nothing to contest: clusters with Ingresses only skip building owners for every host.
            return (ingressClaims.ToList(), new Dictionary<string, ProxyEntry>(StringComparer.Ordinal));
        }

        var proxiesByHost = new Dictionary<string, List<ProxyHostClaim>>(StringComparer.Ordinal);
        foreach (var claim in proxyClaims)
        {
            if (!policy.Allows(claim.Entry.Namespace, claim.Host))
            {
                diagnostics.Error(claim.Entry.Ref, claim.Field, DiagnosticCodes.HostNotAllowed,
                    $"host {DiagnosticBag.Quote(claim.Host)} is outside the domains namespace \"{claim.Entry.Namespace}\" may use; the HTTPProxy is not served");
                continue;
            }

            if (!proxiesByHost.TryGetValue(claim.Host, out var list))
            {
                proxiesByHost[claim.Host] = list = [];
            }

            list.Add(claim);
        }

        // The oldest policy-allowed Ingress claim per host stands for the Ingress side of the contest.
        var oldestIngress = new Dictionary<string, HostClaim>(StringComparer.Ordinal);
        foreach (var claim in ingressClaims)
        {
            if (policy.Allows(claim.Entry.Namespace, claim.Host)
                && (!oldestIngress.TryGetValue(claim.Host, out var current) || claim.Entry.Rank < current.Entry.Rank))
            {
                oldestIngress[claim.Host] = claim;
            }
        }

        var owners = new Dictionary<string, Owner>(StringComparer.Ordinal);
        foreach (var (host, claim) in oldestIngress)
        {
            owners[host] = Owner.Of(claim);
        }

        foreach (var (host, list) in proxiesByHost)
        {
            list.Sort(static (a, b) => a.Entry.Rank.CompareTo(b.Entry.Rank));
            var proxyOwner = Owner.Of(list[0]);
            if (!owners.TryGetValue(host, out var ingressOwner) || proxyOwner.IsOlderThan(ingressOwner))
            {
                owners[host] = proxyOwner;
            }
        }

        var proxyHosts = new Dictionary<string, ProxyEntry>(StringComparer.Ordinal);
        foreach (var (host, list) in proxiesByHost.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var owner = owners[host];
            if (!owner.IsProxy)
            {
                foreach (var claim in list)
                {
                    Conflict(diagnostics, claim.Entry.Ref, claim.Field, claim.Host, claim.Entry.Namespace, "it is already claimed by", owner);
                }

                continue;
            }

            if (Shadowing(owners, host, owner) is { } shadow)
            {
                foreach (var claim in list)
                {
                    Conflict(diagnostics, claim.Entry.Ref, claim.Field.ToString(), claim.Host, claim.Entry.Namespace, $"it falls under the wildcard host {DiagnosticBag.Quote(shadow.Host)} owned by", shadow);
                }

                continue;
            }

            if (list.Count > 1)
            {
                foreach (var claim in list)
                {
                    var others = string.Join(", ", list.Where(c => c != claim).Select(c => c.Entry.Key));
                    diagnostics.Error(claim.Entry.Ref, claim.Field, ProxyDiagnosticCodes.DuplicateVhost,
                        $"fqdn {DiagnosticBag.Quote(host)} is also the fqdn of root HTTPProxy {others}; a host has one root, so none of them is served");
                }

                continue;
            }

            proxyHosts[host] = list[0].Entry;
        }

        var remaining = new List<HostClaim>(ingressClaims.Count);
        foreach (var claim in ingressClaims)
        {
            if (!policy.Allows(claim.Entry.Namespace, claim.Host))
            {
                remaining.Add(claim);
                continue;
            }

            var owner = owners[claim.Host];
            if (owner.IsProxy)
            {
                Conflict(diagnostics, claim.Entry.Ref, claim.Field.ToString(), claim.Host, claim.Entry.Namespace, "it is owned by", owner);
                continue;
            }

            if (Shadowing(owners, claim.Host, Owner.Of(claim)) is { IsProxy: true } shadow)
            {
                Conflict(diagnostics, claim.Entry.Ref, claim.Field.ToString(), claim.Host, claim.Entry.Namespace, $"it falls under the wildcard host {DiagnosticBag.Quote(shadow.Host)} owned by", shadow);
                continue;
            }

            remaining.Add(claim);
        }

        return (remaining, proxyHosts);
    }

    // Exact hosts take precedence over wildcards, so an older wildcard of another namespace protects the names under it.
    private static Owner? Shadowing(Dictionary<string, Owner> owners, string host, Owner claimant) =>
        HostNames.ParentWildcard(host) is { } parent && owners.TryGetValue(parent, out var wildcard)
            && wildcard.Namespace != claimant.Namespace && wildcard.IsOlderThan(claimant)
            ? wildcard
            : null;

    private static void Conflict(DiagnosticBag diagnostics, ObjectRef loser, string field, string host, string ns, string reason, Owner owner)
    {
        var created = owner.Created is { } t ? $", created {t.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}" : string.Empty;
        diagnostics.Error(loser, field, DiagnosticCodes.HostConflict,
            $"host {DiagnosticBag.Quote(host)} is not available to namespace \"{ns}\": {reason} {owner.Description}{created}; this object adds nothing to that host");
    }

    private sealed record Owner(string Host, bool IsProxy, string Namespace, string Name, DateTimeOffset? Created, string Description)
    {
        public static Owner Of(HostClaim c) =>
            new(c.Host, false, c.Entry.Namespace, c.Entry.Ingress.Metadata.Name ?? string.Empty, c.Entry.Ingress.Metadata.CreationTimestamp, "Ingress " + c.Entry.Key);

        public static Owner Of(ProxyHostClaim c) =>
            new(c.Host, true, c.Entry.Namespace, c.Entry.Proxy.Metadata.Name ?? string.Empty, c.Entry.Proxy.Metadata.CreationTimestamp, "HTTPProxy " + c.Entry.Key);

        // Oldest first; equal times fall back to namespace/name, then Ingress before HTTPProxy, so the answer never depends on input order.
        public bool IsOlderThan(Owner other)
        {
            var c = (Created ?? DateTimeOffset.MaxValue).CompareTo(other.Created ?? DateTimeOffset.MaxValue);
            if (c == 0) c = string.CompareOrdinal(Namespace, other.Namespace);
            if (c == 0) c = string.CompareOrdinal(Name, other.Name);
            if (c == 0) c = IsProxy.CompareTo(other.IsProxy);
            return c < 0;
        }
    }
}
