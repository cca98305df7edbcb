using Gimbal.Core.Diagnostics;
using Gimbal.Core.Kubernetes.Contour;

namespace Gimbal.Core.Compilation.Proxies;

/// <summary>
/// A root's spec.tcpproxy with Contour's semantics: TLS is required (terminated with secretName, or
/// passed through), and the upstreams are either its own services or those of the one HTTPProxy its
/// tcpproxy.include names, followed through further includes until one has services.
/// </summary>
internal sealed class ProxyTcpProxies(IReadOnlyDictionary<string, ProxyEntry> byKey, ProxyServices services, DiagnosticBag diagnostics)
{
    private const string Field = "spec.tcpproxy";

    /// <returns>False (with a diagnostic) when the tcpproxy cannot be served: the root is then not served at all.</returns>
    public bool TryResolve(ProxyEntry root, ISet<string> reached, out ProxyTcpDraft? draft)
    {
        draft = null;
        var tls = root.Proxy.Spec?.Virtualhost?.Tls;
        var passthrough = tls?.Passthrough == true;
        if (!passthrough && tls?.SecretName is not { Length: > 0 })
        {
            diagnostics.Error(root.Ref, Field, ProxyDiagnosticCodes.InvalidTcpProxy,
                "a tcpproxy needs spec.virtualhost.tls with a secretName (TLS terminated here) or passthrough: true (SNI routes the connection); the HTTPProxy is not served");
            return false;
        }

        var chain = new List<string> { root.Key };
        var current = root;
        while (true)
        {
            var tcp = current.Proxy.Spec!.Tcpproxy!;
            const string field = Field;
            var hasServices = tcp.Services is { Count: > 0 };
            if (hasServices && tcp.Include is not null)
            {
                return Invalid(current, field, "cannot have both services and include");
            }

            if (!hasServices && tcp.Include is null)
            {
                return Invalid(current, field, "needs services or an include");
            }

            if (tcp.HealthCheckPolicy is not null)
            {
                diagnostics.Warning(current.Ref, field + ".healthCheckPolicy", ProxyDiagnosticCodes.NotSupported,
                    "TCP health checks are not supported by Gimbal's data planes; the services are not health checked");
            }

            if (hasServices)
            {
                var loadBalancing = new ProxyPolicies(current, field, diagnostics).LoadBalancing(tcp.LoadBalancerPolicy);
                draft = new ProxyTcpDraft(services.ResolveTcp(tcp.Services!, field, current, loadBalancing), passthrough);
                if (draft.Backends.Count == 0)
                {
                    diagnostics.Error(current.Ref, field + ".services", ProxyDiagnosticCodes.NoServices,
                        $"no service of the tcpproxy can take connections; TLS connections for {root.Proxy.Spec?.Virtualhost?.Fqdn} are refused until one can");
                }

                return true;
            }

            if (Follow(current, tcp.Include!, field + ".include", chain) is not { } next)
            {
                return false;
            }

            reached.Add(next.Key);
            chain.Add(next.Key);
            current = next;
        }
    }

    private ProxyEntry? Follow(ProxyEntry from, ProxyTcpInclude include, string field, List<string> chain)
    {
        var ns = string.IsNullOrEmpty(include.Namespace) ? from.Namespace : include.Namespace;
        var key = SnapshotIndex.Key(ns, include.Name);
        if (string.IsNullOrEmpty(include.Name) || !byKey.TryGetValue(key, out var target))
        {
            diagnostics.Error(from.Ref, field, ProxyDiagnosticCodes.IncludeNotFound,
                $"includes HTTPProxy {DiagnosticBag.Quote(key)}, which does not exist; the tcpproxy is not served");
            return null;
        }

        if (target.IsRoot)
        {
            diagnostics.Error(from.Ref, field, ProxyDiagnosticCodes.RootIncludesRoot,
                $"includes root HTTPProxy {target.Key}; only proxies without a virtualhost can be included; the tcpproxy is not served");
            return null;
        }

        if (chain.Contains(target.Key))
        {
            diagnostics.Error(from.Ref, field, ProxyDiagnosticCodes.IncludeCreatesCycle,
                $"including HTTPProxy {target.Key} creates a cycle ({string.Join(" -> ", chain.Append(target.Key))}); the tcpproxy is not served");
            return null;
        }

        if (target.Proxy.Spec?.Tcpproxy is null)
        {
            diagnostics.Error(from.Ref, field, ProxyDiagnosticCodes.InvalidTcpProxy,
                $"includes HTTPProxy {target.Key}, which has no spec.tcpproxy; the tcpproxy is not served");
            return null;
        }

        return target;
    }

    private bool Invalid(ProxyEntry entry, string field, string problem)
    {
        diagnostics.Error(entry.Ref, field, ProxyDiagnosticCodes.InvalidTcpProxy, $"{problem}; the tcpproxy is not served");
        return false;
    }
}
