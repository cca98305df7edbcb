using System.Globalization;
using Gimbal.Core.Compilation.Hosts;
using Gimbal.Core.Compilation.Tls;
using Gimbal.Core.Diagnostics;
using Gimbal.Core.Kubernetes.Contour;
using Gimbal.Core.Routing;

namespace Gimbal.Core.Compilation.Proxies;

/// <summary>
/// Compiles HTTPProxies with Contour's semantics: roots (spec.virtualhost) claim hosts, and each
/// root that owns its host is walked through its includes, joining conditions along the way.
/// Proxies no served root reaches are reported as orphaned.
/// </summary>
internal sealed class ProxyCompiler
{
    // Includes form a DAG that a hostile or careless graph (each proxy including the next twice) can make
    // exponentially large when unfolded; this bounds the proxies one root's walk visits.
    public const int MaxVisitsPerRoot = 4096;

    private readonly CompilerOptions _options;
    private readonly DiagnosticBag _diagnostics;
    private readonly ProxyServices _services;
    private readonly ProxyCertificates _certificates;
    private readonly ProxyTcpProxies _tcpProxies;
    private readonly List<ProxyEntry> _entries;
    private readonly Dictionary<string, ProxyEntry> _byKey = new(StringComparer.Ordinal);
    private readonly List<ProxyHostClaim> _claims = [];
    private int _visits;

    public ProxyCompiler(CompilerOptions options, SnapshotIndex index, TlsResolver secrets, ResourceSnapshot snapshot, DiagnosticBag diagnostics)
    {
        _options = options;
        _diagnostics = diagnostics;
        _services = new ProxyServices(index, diagnostics);
        _certificates = new ProxyCertificates(options, index, secrets, snapshot.TlsCertificateDelegations, diagnostics);
        _entries = ProxyEntry.Order(snapshot.HttpProxies.Where(Serves));
        foreach (var entry in _entries)
        {
            _byKey.TryAdd(entry.Key, entry);
        }

        _tcpProxies = new ProxyTcpProxies(_byKey, _services, diagnostics);

        foreach (var entry in _entries.Where(e => e.IsRoot))
        {
            Claim(entry);
        }
    }

    /// <summary>The hosts root proxies ask for, to settle against Ingress claims.</summary>
    public IReadOnlyList<ProxyHostClaim> Claims => _claims;

    /// <summary>Walks every root that owns its host; reports the proxies none of them reaches.</summary>
    public List<ProxyHostDraft> Build(IReadOnlyDictionary<string, ProxyEntry> owned)
    {
        var reached = new HashSet<string>(StringComparer.Ordinal);
        var hosts = new List<ProxyHostDraft>();
        foreach (var (host, root) in owned.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            try
            {
                var hasTcpProxy = root.Proxy.Spec?.Tcpproxy is not null;
                if (!_certificates.TryResolve(root, root.Proxy.Spec?.Virtualhost?.Tls, hasTcpProxy, out var binding, out var certificate, out var fallback))
                {
                    continue;
                }

                ProxyTcpDraft? tcp = null;
                if (hasTcpProxy && !_tcpProxies.TryResolve(root, reached, out tcp))
                {
                    continue;
                }

                var routes = new List<ProxyRouteDraft>();
                _visits = 0;
                Visit(root, ProxyConditions.Root, [root.Key], routes, reached);
                hosts.Add(new ProxyHostDraft(host, root, binding, certificate, routes) { Tcp = tcp, Fallback = fallback });
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                _diagnostics.Error(root.Ref, "", RouteCompiler.InternalErrorCode, $"Gimbal could not compile this HTTPProxy ({e.GetType().Name}: {e.Message}); please report it");
            }
        }

        foreach (var entry in _entries.Where(e => !e.IsRoot && !reached.Contains(e.Key)))
        {
            _diagnostics.Warning(entry.Ref, "", ProxyDiagnosticCodes.Orphaned,
                "no served root HTTPProxy includes this HTTPProxy; its routes are not served");
        }

        return hosts;
    }

    private bool Serves(HttpProxy proxy) =>
        proxy is not null && (proxy.Spec?.IngressClassName is not { Length: > 0 } name || string.Equals(name, _options.IngressClassName, StringComparison.Ordinal));

    private void Claim(ProxyEntry entry)
    {
        var vhost = entry.Proxy.Spec!.Virtualhost!;
        if (_options.RootNamespaces is { Count: > 0 } roots && !roots.Contains(entry.Namespace))
        {
            _diagnostics.Error(entry.Ref, "spec.virtualhost", ProxyDiagnosticCodes.RootProxyNotAllowedInNamespace,
                $"root HTTPProxies may only live in namespaces {string.Join(", ", roots.Order(StringComparer.Ordinal))}; this one is not served (delegate to it with includes instead)");
            return;
        }

        if (string.IsNullOrEmpty(vhost.Fqdn))
        {
            _diagnostics.Error(entry.Ref, "spec.virtualhost.fqdn", ProxyDiagnosticCodes.MissingFqdn, "a root HTTPProxy needs an fqdn; it is not served");
            return;
        }

        if (!HostNames.TryNormalize(vhost.Fqdn, out var host, out var error) || host == HostNames.Any)
        {
            _diagnostics.Error(entry.Ref, "spec.virtualhost.fqdn", DiagnosticCodes.InvalidHost, $"fqdn {DiagnosticBag.Quote(vhost.Fqdn)} {error}; the HTTPProxy is not served");
            return;
        }

        _claims.Add(new ProxyHostClaim(host, entry, "spec.virtualhost.fqdn"));
    }

    private void Visit(ProxyEntry entry, ProxyConditions conditions, List<string> chain, List<ProxyRouteDraft> routes, HashSet<string> reached)
    {
        reached.Add(entry.Key);
        var spec = entry.Proxy.Spec;
        if (!entry.IsRoot && spec?.Tcpproxy is not null)
        {
            _diagnostics.Warning(entry.Ref, "spec.tcpproxy", ProxyDiagnosticCodes.InvalidTcpProxy,
                "this HTTPProxy is reached through routing includes, which carry HTTP routes only; its tcpproxy is served only where a root's tcpproxy.include names it");
        }

        var list = spec?.Routes ?? [];
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is { } route)
            {
                AddRoute(entry, route, $"spec.routes[{I(i)}]", conditions, routes);
            }
        }

        var includes = spec?.Includes ?? [];
        for (var j = 0; j < includes.Count; j++)
        {
            if (includes[j] is { } include)
            {
                Include(entry, include, $"spec.includes[{I(j)}]", conditions, chain, routes, reached);
            }
        }

        if (list.Count == 0 && includes.Count == 0 && spec?.Tcpproxy is null)
        {
            _diagnostics.Warning(entry.Ref, "spec", DiagnosticCodes.NoRules, "has neither routes nor includes; it adds nothing");
        }
    }

    private void Include(ProxyEntry entry, ProxyInclude include, string field, ProxyConditions conditions, List<string> chain, List<ProxyRouteDraft> routes, HashSet<string> reached)
    {
        var ns = string.IsNullOrEmpty(include.Namespace) ? entry.Namespace : include.Namespace;
        var key = SnapshotIndex.Key(ns, include.Name);
        if (string.IsNullOrEmpty(include.Name) || !_byKey.TryGetValue(key, out var target))
        {
            _diagnostics.Error(entry.Ref, field, ProxyDiagnosticCodes.IncludeNotFound,
                $"includes HTTPProxy {DiagnosticBag.Quote(key)}, which does not exist; nothing is served under its conditions");
            return;
        }

        if (target.IsRoot)
        {
            _diagnostics.Error(entry.Ref, field, ProxyDiagnosticCodes.RootIncludesRoot,
                $"includes root HTTPProxy {target.Key}; only proxies without a virtualhost can be included");
            return;
        }

        if (chain.Contains(target.Key))
        {
            _diagnostics.Error(entry.Ref, field, ProxyDiagnosticCodes.IncludeCreatesCycle,
                $"including HTTPProxy {target.Key} creates a cycle ({string.Join(" -> ", chain.Append(target.Key))}); the include is ignored");
            return;
        }

        if (conditions.Include(include.Conditions, field, entry, _options, _diagnostics) is not { } inner)
        {
            return;
        }

        if (++_visits > MaxVisitsPerRoot)
        {
            _diagnostics.Error(entry.Ref, field, ProxyDiagnosticCodes.IncludeLimit,
                $"the delegation graph below this include unfolds to more than {MaxVisitsPerRoot} proxies; the include is ignored");
            return;
        }

        chain.Add(target.Key);
        Visit(target, inner, chain, routes, reached);
        chain.RemoveAt(chain.Count - 1);
    }

    private void AddRoute(ProxyEntry entry, ProxyRoute route, string field, ProxyConditions conditions, List<ProxyRouteDraft> routes)
    {
        if (conditions.Route(route.Conditions, field, entry, _options, _diagnostics) is not { } match)
        {
            return;
        }

        var policies = new ProxyPolicies(entry, field, _diagnostics);
        var permitInsecure = route.PermitInsecure == true;
        if (!policies.TryRedirect(route.RequestRedirectPolicy, match, out var redirect))
        {
            return;
        }

        if (redirect is not null)
        {
            if (route.Services is { Count: > 0 })
            {
                _diagnostics.Warning(entry.Ref, field + ".services", ProxyDiagnosticCodes.InvalidService, "the route redirects, so its services get no traffic");
            }

            routes.Add(new ProxyRouteDraft(match, new RouteAction { Redirect = redirect }, ProxyUpstreams.None, permitInsecure, entry, field, routes.Count));
            return;
        }

        if (route.Services is not { Count: > 0 } services)
        {
            _diagnostics.Error(entry.Ref, field + ".services", ProxyDiagnosticCodes.NoServices, "a route needs at least one service or a requestRedirectPolicy; it is not served");
            return;
        }

        var loadBalancing = policies.LoadBalancing(route.LoadBalancerPolicy);
        var healthCheck = policies.HealthCheck(route.HealthCheckPolicy, field + ".healthCheckPolicy");
        var upstreams = _services.Resolve(services, field, entry, loadBalancing, healthCheck, policies);
        var forward = new ForwardAction
        {
            Clusters = Collections.EquatableArray<WeightedCluster>.Empty,
            Timeouts = policies.Timeouts(route.TimeoutPolicy),
            Retry = policies.Retry(route.RetryPolicy),
            Websockets = route.EnableWebsockets == true,
            PrefixRewrite = policies.PrefixRewrite(route.PathRewritePolicy, match),
            RequestHeaders = policies.Headers(route.RequestHeadersPolicy, field + ".requestHeadersPolicy"),
            ResponseHeaders = policies.Headers(route.ResponseHeadersPolicy, field + ".responseHeadersPolicy"),
        };
        routes.Add(new ProxyRouteDraft(match, new RouteAction { Forward = forward }, upstreams, permitInsecure, entry, field, routes.Count));
    }

    private static string I(int i) => i.ToString(CultureInfo.InvariantCulture);
}
