using System.Globalization;
using Gimbal.Core.Diagnostics;
using Gimbal.Core.Kubernetes;
using Gimbal.Core.Routing;

namespace Gimbal.Core.Compilation.Annotations;

/// <summary>What a Service's annotations say about talking to its endpoints: protocol per port and health checks.</summary>
internal sealed class ServiceUpstreamOptions
{
    private static readonly (string Key, UpstreamProtocol Protocol)[] Protocols =
    [
        (GimbalAnnotations.UpstreamProtocolH1, UpstreamProtocol.Http1),
        (GimbalAnnotations.UpstreamProtocolH2, UpstreamProtocol.Http2),
        (GimbalAnnotations.UpstreamProtocolH2c, UpstreamProtocol.H2c),
        (GimbalAnnotations.UpstreamProtocolTls, UpstreamProtocol.Tls),
    ];

    private static readonly string[] HealthCheckSettings =
    [
        GimbalAnnotations.HealthCheckHost, GimbalAnnotations.HealthCheckInterval, GimbalAnnotations.HealthCheckTimeout,
        GimbalAnnotations.HealthCheckHealthyThreshold, GimbalAnnotations.HealthCheckUnhealthyThreshold,
    ];

    private readonly Dictionary<string, UpstreamProtocol> _protocolByPort;

    private ServiceUpstreamOptions(Dictionary<string, UpstreamProtocol> protocolByPort, HealthCheckPolicy? healthCheck)
    {
        _protocolByPort = protocolByPort;
        HealthCheck = healthCheck;
    }

    public HealthCheckPolicy? HealthCheck { get; }

    public static ServiceUpstreamOptions None { get; } = new(new Dictionary<string, UpstreamProtocol>(StringComparer.Ordinal), null);

    public UpstreamProtocol ProtocolFor(ServicePort port)
    {
        if (port.Name is { Length: > 0 } name && _protocolByPort.TryGetValue(name, out var byName))
        {
            return byName;
        }

        return _protocolByPort.TryGetValue(port.Port.ToString(CultureInfo.InvariantCulture), out var byNumber) ? byNumber : UpstreamProtocol.Http1;
    }

    public static ServiceUpstreamOptions Parse(Service service, DiagnosticBag diagnostics)
    {
        var annotations = service.Metadata.Annotations;
        if (annotations is null || annotations.Count == 0)
        {
            return None;
        }

        var source = DiagnosticBag.RefOf(service);
        var reader = new AnnotationReader(annotations, source, diagnostics);
        reader.WarnUnknown(GimbalAnnotations.ServiceKeys, GimbalAnnotations.IngressKeys, "a Service");

        var ports = new HashSet<string>(StringComparer.Ordinal);
        foreach (var port in service.Spec?.Ports ?? [])
        {
            if (port is null)
            {
                continue;
            }

            ports.Add(port.Port.ToString(CultureInfo.InvariantCulture));
            if (port.Name is { Length: > 0 } n)
            {
                ports.Add(n);
            }
        }

        var protocolByPort = new Dictionary<string, UpstreamProtocol>(StringComparer.Ordinal);
        foreach (var (key, protocol) in Protocols)
        {
            if (reader.Get(key) is not { } list)
            {
                continue;
            }

            foreach (var item in list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (!ports.Contains(item))
                {
                    reader.Invalid(key, item, "a comma-separated list of this Service's port names or numbers", "that entry is ignored");
                }
                else if (!protocolByPort.TryAdd(item, protocol))
                {
                    reader.Ignored(key, $"lists port {DiagnosticBag.Quote(item)}, which another upstream-protocol annotation already sets to {protocolByPort[item]}");
                }
            }
        }

        return new ServiceUpstreamOptions(protocolByPort, ParseHealthCheck(reader));
    }

    private static HealthCheckPolicy? ParseHealthCheck(AnnotationReader reader)
    {
        var path = reader.Get(GimbalAnnotations.HealthCheckPath);
        var host = reader.Token(GimbalAnnotations.HealthCheckHost, "a host name");
        var interval = reader.Duration(GimbalAnnotations.HealthCheckInterval);
        var timeout = reader.Duration(GimbalAnnotations.HealthCheckTimeout);
        var healthy = reader.Int(GimbalAnnotations.HealthCheckHealthyThreshold, 1, 100);
        var unhealthy = reader.Int(GimbalAnnotations.HealthCheckUnhealthyThreshold, 1, 100);
        if (path is null)
        {
            foreach (var key in HealthCheckSettings)
            {
                if (reader.Get(key) is not null)
                {
                    reader.Ignored(key, $"only applies together with {GimbalAnnotations.HealthCheckPath}, which enables health checks");
                }
            }

            return null;
        }

        var defaults = new HealthCheckPolicy();
        var trimmed = path.Trim();
        if (!trimmed.StartsWith('/') || trimmed.Length > 1024 || trimmed.Any(c => char.IsControl(c) || char.IsWhiteSpace(c) || c > 127))
        {
            reader.Invalid(GimbalAnnotations.HealthCheckPath, path, "an ASCII path starting with '/'", "using \"/\"");
            trimmed = defaults.Path;
        }

        if (interval == TimeSpan.Zero)
        {
            reader.Invalid(GimbalAnnotations.HealthCheckInterval, "0", "a positive duration", "using 5s");
            interval = null;
        }

        if (timeout == TimeSpan.Zero)
        {
            reader.Invalid(GimbalAnnotations.HealthCheckTimeout, "0", "a positive duration", "using 2s");
            timeout = null;
        }

        return new HealthCheckPolicy
        {
            Path = trimmed,
            Host = host?.ToLowerInvariant(),
            Interval = interval ?? defaults.Interval,
            Timeout = timeout ?? defaults.Timeout,
            HealthyThreshold = healthy ?? defaults.HealthyThreshold,
            UnhealthyThreshold = unhealthy ?? defaults.UnhealthyThreshold,
        };
    }
}
