using Gimbal.Core.Compilation.Annotations;
using Gimbal.Core.Diagnostics;
using Gimbal.Core.Kubernetes;
using Gimbal.Core.Routing;

namespace Gimbal.Core.Compilation.Backends;

/// <summary>
/// Resolves an Ingress backend to a Service port. Anything missing yields null, which the caller
/// turns into a route answering 503, plus a diagnostic: a route is never dropped silently.
/// </summary>
internal sealed class BackendResolver(SnapshotIndex index, DiagnosticBag diagnostics)
{
    private readonly Dictionary<(string, string), ServiceUpstreamOptions> _serviceOptions = [];

    public ClusterSpec? Resolve(IngressBackend? backend, FieldPath field, IngressEntry entry, IngressRouteOptions options)
    {
        if (backend is null)
        {
            diagnostics.Error(entry.Ref, field.ToString(), DiagnosticCodes.MissingBackend, "has no backend; the route answers 503");
            return null;
        }

        if (backend.Resource is { } resource)
        {
            diagnostics.Warning(entry.Ref, field + ".resource", DiagnosticCodes.ResourceBackendUnsupported,
                $"resource backends ({resource.Kind} {DiagnosticBag.Quote(resource.Name)}) are not supported by Gimbal; the route answers 503");
            return null;
        }

        if (backend.Service is not { Name: { Length: > 0 } serviceName } serviceBackend)
        {
            diagnostics.Error(entry.Ref, field + ".service.name", DiagnosticCodes.MissingBackend, "names no Service; the route answers 503");
            return null;
        }

        var key = (entry.Namespace, serviceName);
        if (!index.Services.TryGetValue(key, out var service))
        {
            diagnostics.Warning(entry.Ref, field + ".service.name", DiagnosticCodes.ServiceNotFound,
                $"Service {DiagnosticBag.Quote(serviceName)} does not exist in namespace \"{entry.Namespace}\"; the route answers 503 until it does");
            return null;
        }

        var port = FindPort(service, serviceBackend.Port, field, entry);
        if (port is null)
        {
            return null;
        }

        var upstream = OptionsOf(key, service);
        var isExternal = string.Equals(service.Spec?.Type, "ExternalName", StringComparison.Ordinal);
        return new ClusterSpec(
            new ServiceRef { Namespace = entry.Namespace, Name = serviceName, Port = port.Port, PortName = port.Name is { Length: > 0 } n ? n : null },
            upstream.ProtocolFor(port),
            options.LoadBalancing,
            upstream.HealthCheck,
            isExternal ? service.Spec?.ExternalName : null);
    }

    private ServicePort? FindPort(Service service, ServiceBackendPort? wanted, FieldPath backendField, IngressEntry entry)
    {
        var ports = service.Spec?.Ports ?? [];
        if (wanted?.Number is { } number)
        {
            for (var i = 0; i < ports.Count; i++)
            {
                if (ports[i]?.Port == number)
                {
                    return ports[i];
                }
            }

            // ExternalName Services usually list no ports: the number is the upstream's port.
            if (string.Equals(service.Spec?.Type, "ExternalName", StringComparison.Ordinal) && number is > 0 and <= 65535)
            {
                return new ServicePort { Port = number };
            }

            diagnostics.Warning(entry.Ref, backendField + ".service.port.number", DiagnosticCodes.ServicePortNotFound,
                $"Service {service.Metadata.Name} has no port {number}; the route answers 503 ({Known(ports)})");
            return null;
        }

        if (wanted?.Name is { Length: > 0 } name)
        {
            for (var i = 0; i < ports.Count; i++)
            {
                if (string.Equals(ports[i]?.Name, name, StringComparison.Ordinal))
                {
                    return ports[i];
                }
            }

            diagnostics.Warning(entry.Ref, backendField + ".service.port.name", DiagnosticCodes.ServicePortNotFound,
                $"Service {service.Metadata.Name} has no port named {DiagnosticBag.Quote(name)}; the route answers 503 ({Known(ports)})");
            return null;
        }

        diagnostics.Error(entry.Ref, backendField + ".service.port", DiagnosticCodes.MissingBackend, "gives neither a port number nor a port name; the route answers 503");
        return null;
    }

    private static string Known(IReadOnlyList<ServicePort> ports) =>
        ports.Count == 0
            ? "it has no ports"
            : "its ports are " + string.Join(", ", ports.Where(p => p is not null).Select(p => p.Name is { Length: > 0 } ? $"{p.Port} ({p.Name})" : p.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    private ServiceUpstreamOptions OptionsOf((string, string) key, Service service)
    {
        if (!_serviceOptions.TryGetValue(key, out var options))
        {
            _serviceOptions[key] = options = ServiceUpstreamOptions.Parse(service, diagnostics);
        }

        return options;
    }
}
