using Gimbal.Core.Compilation.Annotations;
using Gimbal.Core.Compilation.Backends;
using Gimbal.Core.Diagnostics;
using Gimbal.Core.Kubernetes;
using Gimbal.Core.Kubernetes.Contour;
using Gimbal.Core.Routing;

namespace Gimbal.Core.Compilation.Proxies;

/// <summary>
/// Resolves routes[].services[] to weighted Service ports of the proxy's own namespace: a proxy never
/// reaches another namespace's Services. Cross-cluster backends need nothing special: they are the
/// mirrored "&lt;backend&gt;-&lt;service&gt;" Services, weighted like any other.
/// </summary>
internal sealed class ProxyServices(SnapshotIndex index, DiagnosticBag diagnostics)
{
    private readonly Dictionary<string, ServiceUpstreamOptions> _serviceOptions = new(StringComparer.Ordinal);

    /// <summary>Resolves a route's services: the weighted split, per-service header policies, and the mirror.</summary>
    public ProxyUpstreams Resolve(IReadOnlyList<ProxyService> services, string field, ProxyEntry source, LoadBalancerPolicy loadBalancing, HealthCheckPolicy? healthCheck, ProxyPolicies policies)
    {
        // Contour: no weights at all splits evenly; once any weight is given, unweighted services get none.
        var weighted = services.Any(s => s?.Mirror != true && s?.Weight is > 0);
        var backends = new List<ProxyBackend>();
        var mirrors = new List<ProxyMirror>();
        var mirrorField = (string?)null;
        for (var i = 0; i < services.Count; i++)
        {
            var service = services[i];
            var at = $"{field}.services[{i.ToString(System.Globalization.CultureInfo.InvariantCulture)}]";
            if (service is null)
            {
                continue;
            }

            if (service.Mirror == true)
            {
                if (Mirror(service, at, source, loadBalancing, healthCheck, ref mirrorField) is { } mirror)
                {
                    mirrors.Add(mirror);
                }

                continue;
            }

            if (service.Weight is < 0)
            {
                diagnostics.Error(source.Ref, at + ".weight", ProxyDiagnosticCodes.InvalidService, $"weight {service.Weight} is negative; the service gets no traffic");
                continue;
            }

            var weight = weighted ? (int)Math.Min(service.Weight ?? 0, 1_000_000) : 1;
            if (Spec(service, at, source, loadBalancing, healthCheck) is { } spec && weight > 0)
            {
                backends.Add(new ProxyBackend(
                    spec,
                    weight,
                    policies.Headers(service.RequestHeadersPolicy, at + ".requestHeadersPolicy"),
                    policies.Headers(service.ResponseHeadersPolicy, at + ".responseHeadersPolicy")));
            }
        }

        return new ProxyUpstreams(backends, mirrors);
    }

    /// <summary>tcpproxy.services[]: weighted like a route's, but without mirrors or header policies (there is no HTTP).</summary>
    public List<ProxyBackend> ResolveTcp(IReadOnlyList<ProxyService> services, string field, ProxyEntry source, LoadBalancerPolicy loadBalancing)
    {
        var weighted = services.Any(s => s?.Weight is > 0);
        var backends = new List<ProxyBackend>();
        for (var i = 0; i < services.Count; i++)
        {
            var service = services[i];
            var at = $"{field}.services[{i.ToString(System.Globalization.CultureInfo.InvariantCulture)}]";
            if (service is null)
            {
                continue;
            }

            if (service.Mirror == true)
            {
                diagnostics.Error(source.Ref, at + ".mirror", ProxyDiagnosticCodes.InvalidService,
                    $"a tcpproxy cannot mirror connections; Service {DiagnosticBag.Quote(service.Name)} gets no traffic");
                continue;
            }

            if (service.RequestHeadersPolicy is not null || service.ResponseHeadersPolicy is not null)
            {
                diagnostics.Warning(source.Ref, at, ProxyDiagnosticCodes.InvalidPolicy, "header policies do not apply to a tcpproxy (it does not speak HTTP); they are ignored");
            }

            if (service.Weight is < 0)
            {
                diagnostics.Error(source.Ref, at + ".weight", ProxyDiagnosticCodes.InvalidService, $"weight {service.Weight} is negative; the service gets no traffic");
                continue;
            }

            var weight = weighted ? (int)Math.Min(service.Weight ?? 0, 1_000_000) : 1;
            if (Spec(service, at, source, loadBalancing, null) is { } spec && weight > 0)
            {
                backends.Add(new ProxyBackend(spec, weight));
            }
        }

        return backends;
    }

    // Contour: one mirror per route; its weight is the percentage of requests mirrored (none: all of them).
    private ProxyMirror? Mirror(ProxyService service, string at, ProxyEntry source, LoadBalancerPolicy loadBalancing, HealthCheckPolicy? healthCheck, ref string? first)
    {
        if (first is not null)
        {
            diagnostics.Error(source.Ref, at + ".mirror", ProxyDiagnosticCodes.InvalidService,
                $"only one service per route may be a mirror and {first} already is; Service {DiagnosticBag.Quote(service.Name)} gets no mirrored traffic");
            return null;
        }

        if (service.Weight is < 0 or > 100)
        {
            diagnostics.Error(source.Ref, at + ".weight", ProxyDiagnosticCodes.InvalidService,
                $"a mirror's weight is the percentage of requests it receives (1..100), not {service.Weight}; Service {DiagnosticBag.Quote(service.Name)} gets no mirrored traffic");
            return null;
        }

        if (service.RequestHeadersPolicy is not null || service.ResponseHeadersPolicy is not null)
        {
            diagnostics.Warning(source.Ref, at, ProxyDiagnosticCodes.InvalidPolicy,
                "header policies do not apply to a mirror (its requests are copies and its responses are discarded); they are ignored");
        }

        first = at;
        return Spec(service, at, source, loadBalancing, healthCheck) is { } spec
            ? new ProxyMirror(spec, service.Weight is > 0 and <= 100 ? service.Weight.Value : 100)
            : null;
    }

    private ClusterSpec? Spec(ProxyService service, string at, ProxyEntry source, LoadBalancerPolicy loadBalancing, HealthCheckPolicy? healthCheck)
    {
        if (string.IsNullOrEmpty(service.Name) || service.Name.Contains('/', StringComparison.Ordinal))
        {
            diagnostics.Error(source.Ref, at + ".name", ProxyDiagnosticCodes.InvalidService,
                $"{DiagnosticBag.Quote(service.Name)} is not the name of a Service in namespace \"{source.Namespace}\"; the service gets no traffic");
            return null;
        }

        var key = SnapshotIndex.Key(source.Namespace, service.Name);
        if (!index.Services.TryGetValue((source.Namespace, service.Name), out var found))
        {
            diagnostics.Error(source.Ref, at + ".name", DiagnosticCodes.ServiceNotFound,
                $"Service {DiagnosticBag.Quote(service.Name)} does not exist in namespace \"{source.Namespace}\"; it gets no traffic until it does");
            return null;
        }

        var isExternal = string.Equals(found.Spec?.Type, "ExternalName", StringComparison.Ordinal);
        var port = found.Spec?.Ports?.FirstOrDefault(p => p is not null && p.Port == service.Port)
            ?? (isExternal && service.Port is > 0 and <= 65535 ? new ServicePort { Port = service.Port.Value } : null);
        if (port is null)
        {
            diagnostics.Error(source.Ref, at + ".port", DiagnosticCodes.ServicePortNotFound,
                $"Service {found.Metadata.Name} has no port {service.Port?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(none)"}; the service gets no traffic");
            return null;
        }

        var upstream = OptionsOf(key, found);
        UpstreamProtocol protocol;
        switch (service.Protocol)
        {
            case null or "":
                protocol = upstream.ProtocolFor(port);
                break;
            case "h2":
                protocol = UpstreamProtocol.Http2;
                break;
            case "h2c":
                protocol = UpstreamProtocol.H2c;
                break;
            case "tls":
                protocol = UpstreamProtocol.Tls;
                break;
            default:
                diagnostics.Error(source.Ref, at + ".protocol", ProxyDiagnosticCodes.InvalidService,
                    $"protocol {DiagnosticBag.Quote(service.Protocol)} is not h2, h2c or tls; the service gets no traffic");
                return null;
        }

        return new ClusterSpec(
            new ServiceRef { Namespace = source.Namespace, Name = service.Name, Port = port.Port, PortName = port.Name is { Length: > 0 } n ? n : null },
            protocol,
            loadBalancing,
            healthCheck ?? upstream.HealthCheck,
            isExternal ? found.Spec?.ExternalName : null);
    }

    private ServiceUpstreamOptions OptionsOf(string key, Service service)
    {
        if (!_serviceOptions.TryGetValue(key, out var options))
        {
            _serviceOptions[key] = options = ServiceUpstreamOptions.Parse(service, diagnostics);
        }

        return options;
    }
}
