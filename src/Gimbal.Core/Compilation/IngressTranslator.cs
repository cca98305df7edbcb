using System.Globalization;
using Gimbal.Core.Compilation.Annotations;
using Gimbal.Core.Compilation.Backends;
using Gimbal.Core.Compilation.Hosts;
using Gimbal.Core.Compilation.Paths;
using Gimbal.Core.Compilation.Tls;
using Gimbal.Core.Diagnostics;
using Gimbal.Core.Kubernetes;
using Gimbal.Core.Routing;

namespace Gimbal.Core.Compilation;

/// <summary>Turns one Ingress into route drafts, host claims and TLS drafts, reporting what it cannot use.</summary>
internal sealed class IngressTranslator(CompilerOptions options, BackendResolver backends, TlsResolver tls, DiagnosticBag diagnostics)
{
    private readonly List<RouteDraft> _routes = [];
    private readonly List<HostClaim> _claims = [];
    private readonly List<TlsDraft> _tls = [];

    public IReadOnlyList<RouteDraft> Routes => _routes;

    public IReadOnlyList<HostClaim> Claims => _claims;

    public IReadOnlyList<TlsDraft> Tls => _tls;

    public void Translate(IngressEntry entry)
    {
        var spec = entry.Ingress.Spec;
        var routeOptions = IngressRouteOptions.Parse(entry, diagnostics);
        var firstRoute = _routes.Count;
        // Ordered for determinism, and a set so hostile Ingresses with thousands of rules stay linear.
        var hosts = new List<string>();
        var hostSet = new HashSet<string>(StringComparer.Ordinal);

        var rules = spec?.Rules ?? [];
        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
            var field = FieldPath.InRule(i);
            if (rule is null)
            {
                continue;
            }

            if (!HostNames.TryNormalize(rule.Host, out var host, out var error))
            {
                diagnostics.Error(entry.Ref, field + ".host", DiagnosticCodes.InvalidHost, $"host {DiagnosticBag.Quote(rule.Host)} {error}; the rule is ignored");
                continue;
            }

            if (hostSet.Add(host))
            {
                hosts.Add(host);
                _claims.Add(new HostClaim(host, entry, host == HostNames.Any ? field : field.With(".host")));
            }

            var paths = rule.Http?.Paths ?? [];
            if (paths.Count == 0 && spec?.DefaultBackend is null)
            {
                diagnostics.Warning(entry.Ref, field + ".http", DiagnosticCodes.NoRules, "has no http paths and the Ingress has no defaultBackend; the rule adds nothing");
            }

            for (var j = 0; j < paths.Count; j++)
            {
                var path = paths[j];
                var pathField = FieldPath.InRule(i, j);
                if (path is null)
                {
                    continue;
                }

                var match = PathRules.Parse(path.Path, path.PathType, pathField, entry, options, diagnostics);
                if (match is null)
                {
                    continue;
                }

                var cluster = backends.Resolve(path.Backend, pathField.With(".backend"), entry, routeOptions);
                _routes.Add(new RouteDraft(host, match, cluster, entry, pathField, routeOptions, _routes.Count));
            }
        }

        if (spec?.DefaultBackend is { } defaultBackend)
        {
            AddDefaultBackend(entry, defaultBackend, routeOptions, hosts, hostSet, firstRoute);
        }
        else if (rules.Count == 0)
        {
            diagnostics.Warning(entry.Ref, "spec", DiagnosticCodes.NoRules, "has neither rules nor a defaultBackend; it adds nothing");
        }

        WarnUnusedWebsocketPaths(entry, routeOptions, firstRoute);
        AddTls(entry, spec?.Tls ?? [], hostSet);
    }

    // The default backend serves the catch-all host, and every host of this Ingress that has no "/" route of its own.
    private void AddDefaultBackend(IngressEntry entry, IngressBackend backend, IngressRouteOptions routeOptions, List<string> hosts, HashSet<string> hostSet, int firstRoute)
    {
        var field = FieldPath.Of("spec.defaultBackend");
        var cluster = backends.Resolve(backend, field, entry, routeOptions);
        var root = new RouteMatch { PathKind = PathMatchKind.Prefix, Path = "/" };
        var withRoot = new HashSet<string>(StringComparer.Ordinal);
        for (var k = firstRoute; k < _routes.Count; k++)
        {
            if (_routes[k].Match == root)
            {
                withRoot.Add(_routes[k].Host);
            }
        }

        var targets = hostSet.Contains(HostNames.Any) ? hosts : [HostNames.Any, .. hosts];
        foreach (var host in targets)
        {
            if (!withRoot.Contains(host))
            {
                _routes.Add(new RouteDraft(host, root, cluster, entry, field, routeOptions, _routes.Count));
            }
        }

        if (hostSet.Add(HostNames.Any))
        {
            hosts.Add(HostNames.Any);
            _claims.Add(new HostClaim(HostNames.Any, entry, field));
        }
    }

    private void WarnUnusedWebsocketPaths(IngressEntry entry, IngressRouteOptions routeOptions, int firstRoute)
    {
        if (routeOptions.WebsocketPaths.Count == 0)
        {
            return;
        }

        var used = new HashSet<string>(StringComparer.Ordinal);
        for (var k = firstRoute; k < _routes.Count; k++)
        {
            if (_routes[k].Websockets)
            {
                used.Add(_routes[k].Match.Path);
            }
        }

        foreach (var path in routeOptions.WebsocketPaths.Order(StringComparer.Ordinal))
        {
            if (!used.Contains(path))
            {
                diagnostics.Warning(entry.Ref, GimbalAnnotations.Field(GimbalAnnotations.WebsocketRoutes), DiagnosticCodes.WebsocketRouteNotFound,
                    $"lists path {DiagnosticBag.Quote(path)}, which no Exact or Prefix path of this Ingress has");
            }
        }
    }

    private void AddTls(IngressEntry entry, IReadOnlyList<IngressTls> sections, HashSet<string> routedHosts)
    {
        for (var k = 0; k < sections.Count; k++)
        {
            var section = sections[k];
            var field = $"spec.tls[{I(k)}]";
            if (section is null)
            {
                continue;
            }

            if (section.Hosts is not { Count: > 0 } tlsHosts)
            {
                diagnostics.Warning(entry.Ref, field + ".hosts", DiagnosticCodes.TlsNoHosts, "lists no hosts; Gimbal selects certificates by host name (SNI), so the entry is ignored");
                continue;
            }

            var certificate = tls.Resolve(entry, section, field);
            for (var m = 0; m < tlsHosts.Count; m++)
            {
                var hostField = $"{field}.hosts[{I(m)}]";
                if (!HostNames.TryNormalize(tlsHosts[m], out var host, out var error) || host == HostNames.Any)
                {
                    diagnostics.Warning(entry.Ref, hostField, DiagnosticCodes.InvalidHost,
                        $"TLS host {DiagnosticBag.Quote(tlsHosts[m])} {(host == HostNames.Any ? "is empty" : error)}; it is ignored");
                    continue;
                }

                if (!routedHosts.Contains(host))
                {
                    diagnostics.Warning(entry.Ref, hostField, DiagnosticCodes.TlsHostNotRouted, $"TLS host {DiagnosticBag.Quote(host)} has no rule in this Ingress; it is ignored");
                    continue;
                }

                if (certificate is not null)
                {
                    _tls.Add(new TlsDraft(host, certificate, entry, hostField, _tls.Count));
                }
            }
        }
    }

    private static string I(int i) => i.ToString(CultureInfo.InvariantCulture);
}
