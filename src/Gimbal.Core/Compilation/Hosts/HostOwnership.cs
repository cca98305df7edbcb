using Gimbal.Core.Diagnostics;

namespace Gimbal.Core.Compilation.Hosts;

/// <summary>
/// Decides which claims on a host are honoured. A host belongs to the namespace of its oldest
/// claim; other namespaces' claims are rejected with HostConflict, and the policy rejects claims
/// outside a namespace's domains with HostNotAllowed. A wildcard owned by one namespace also
/// protects the names under it from newer claims by other namespaces, because exact hosts take
/// precedence over wildcards and would otherwise take its traffic.
/// </summary>
internal static class HostOwnership
{
    /// <returns>The accepted claims, keyed by host then ingress rank.</returns>
    public static HashSet<(string Host, int Rank)> Resolve(IReadOnlyList<HostClaim> claims, HostPolicy policy, DiagnosticBag diagnostics)
    {
        var byHost = new Dictionary<string, List<HostClaim>>(StringComparer.Ordinal);
        foreach (var claim in claims)
        {
            if (!policy.Allows(claim.Entry.Namespace, claim.Host))
            {
                diagnostics.Error(claim.Entry.Ref, claim.Field.ToString(), DiagnosticCodes.HostNotAllowed,
                    $"host {DiagnosticBag.Quote(claim.Host)} is outside the domains namespace \"{claim.Entry.Namespace}\" may use; the rule is ignored");
                continue;
            }

            if (!byHost.TryGetValue(claim.Host, out var list))
            {
                byHost[claim.Host] = list = [];
            }

            list.Add(claim);
        }

        // Oldest claim first in every host: that claim's namespace owns the host.
        foreach (var list in byHost.Values)
        {
            list.Sort(static (a, b) => a.Entry.Rank.CompareTo(b.Entry.Rank));
        }

        var accepted = new HashSet<(string, int)>();
        foreach (var (host, list) in byHost)
        {
            var shadow = HostNames.ParentWildcard(host) is { } parent && byHost.TryGetValue(parent, out var wildcardClaims) ? wildcardClaims[0] : null;
            HostClaim? owner = null;
            foreach (var claim in list)
            {
                if (shadow is not null && shadow.Entry.Namespace != claim.Entry.Namespace && shadow.Entry.Rank < claim.Entry.Rank)
                {
                    Conflict(diagnostics, claim, shadow, $"it falls under the wildcard host {DiagnosticBag.Quote(shadow.Host)} owned by");
                    continue;
                }

                owner ??= claim;
                if (owner.Entry.Namespace == claim.Entry.Namespace)
                {
                    accepted.Add((host, claim.Entry.Rank));
                }
                else
                {
                    Conflict(diagnostics, claim, owner, "it is already claimed by");
                }
            }
        }

        return accepted;
    }

    private static void Conflict(DiagnosticBag diagnostics, HostClaim loser, HostClaim owner, string reason)
    {
        var created = owner.Entry.Ingress.Metadata.CreationTimestamp is { } t ? $", created {t.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}" : string.Empty;
        diagnostics.Error(loser.Entry.Ref, loser.Field.ToString(), DiagnosticCodes.HostConflict,
            $"host {DiagnosticBag.Quote(loser.Host)} is not available to namespace \"{loser.Entry.Namespace}\": {reason} Ingress {owner.Entry.Key}{created}; this Ingress adds nothing to that host");
    }
}
