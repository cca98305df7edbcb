using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Gimbal.Core.Diagnostics;
using Gimbal.Core.Kubernetes;
using Gimbal.Core.Naming;
using Gimbal.Discovery.Mirroring;
using Gimbal.Discovery.OpenStack.Model;

namespace Gimbal.Discovery.OpenStack.Mapping;

/// <summary>
/// Turns OpenStack load balancers into mirrored Services and Endpoints, as the original Gimbal did: namespace =
/// project name; one headless Service "&lt;backend&gt;-&lt;load balancer id&gt;" per load balancer with a TCP port
/// "port-&lt;listener port&gt;" per listener; Endpoints from each listener's default pool members. Pure and
/// deterministic; bad data becomes diagnostics and leaves everything else alone.
/// </summary>
public static partial class LoadBalancerMapper
{
    /// <summary>Maps every project's load balancers; never throws on bad data (it becomes diagnostics).</summary>
    /// <param name="backendName">The backend's name: mirror name prefix and backend label.</param>
    /// <param name="projects">What one cycle read, per project.</param>
    public static MappingResult Map(string backendName, IEnumerable<ProjectInventory> projects)
    {
        ArgumentNullException.ThrowIfNull(projects);
        var services = new List<MirroredService>();
        var diagnostics = new List<Diagnostic>();
        var totals = new MappingTotals();

        foreach (var inventory in projects)
        {
            MapProject(backendName, inventory, services, diagnostics, totals);
        }

        services.Sort(static (x, y) => string.CompareOrdinal(x.Service.Key, y.Service.Key));
        return new MappingResult(services, diagnostics, totals);
    }

    private static void MapProject(string backendName, ProjectInventory inventory, List<MirroredService> services, List<Diagnostic> diagnostics, MappingTotals totals)
    {
        var projectName = inventory.Project.Name ?? inventory.Project.Id ?? string.Empty;
        foreach (var problem in inventory.UnreadableItems)
        {
            diagnostics.Add(new Diagnostic(new ObjectRef("Project", null, projectName), "items", DiagnosticSeverity.Warning, OpenStackDiagnosticCodes.UnreadableItem, problem));
            if (problem.StartsWith("loadbalancers", StringComparison.Ordinal))
            {
                totals.AddService(projectName, invalid: true);
            }
        }

        var validProject = IsDnsLabel(projectName);
        if (!validProject)
        {
            diagnostics.Add(new Diagnostic(new ObjectRef("Project", null, projectName), "name", DiagnosticSeverity.Error, OpenStackDiagnosticCodes.InvalidProjectName,
                $"project name \"{projectName}\" is not a valid namespace name (lower case letters, digits and '-', at most 63 characters); its {inventory.LoadBalancers.Count} load balancer(s) are not mirrored"));
        }

        var pools = new Dictionary<string, Pool>(StringComparer.Ordinal);
        foreach (var pool in inventory.Pools)
        {
            if (pool.Id is { Length: > 0 } id)
            {
                pools.TryAdd(id, pool);
            }
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var lb in inventory.LoadBalancers)
        {
            // A project that cannot be a namespace is reported once, above; its load balancers are counted, not mapped.
            var context = new LoadBalancerContext(backendName, projectName, lb, validProject ? diagnostics : []);
            var lbId = lb.Id?.ToLowerInvariant();
            var name = GimbalNames.BuildDiscoveredName(backendName, lbId ?? string.Empty);
            if (lbId is not { Length: > 0 } || !IsDnsLabel(lbId) || !seen.Add(lbId))
            {
                context.Error("id", OpenStackDiagnosticCodes.InvalidLoadBalancer, $"load balancer id \"{lb.Id}\" is missing, repeated or cannot be part of a Kubernetes name");
                totals.AddService(projectName, invalid: true);
                continue;
            }

            var listeners = ListenersOf(lb, inventory.Listeners, context);
            if (listeners.Count == 0)
            {
                context.Error("listeners", OpenStackDiagnosticCodes.LoadBalancerWithoutListeners, "load balancer has no usable listeners; it is not mirrored");
                totals.AddService(projectName, invalid: true);
                continue;
            }

            var endpoints = new EndpointsBuilder(context);
            foreach (var listener in listeners)
            {
                AddListenerEndpoints(listener, pools, inventory.MembersByPool, endpoints, context);
            }

            totals.AddService(projectName, invalid: !validProject);
            totals.AddEndpoints(projectName, name, endpoints.UpstreamMembers, validProject ? endpoints.InvalidMembers : endpoints.UpstreamMembers);
            if (validProject)
            {
                services.Add(Build(context, name, lbId, listeners, endpoints));
            }
        }
    }

    // Listeners point at their load balancers and load balancers list their listeners; either side is enough.
    private static List<Listener> ListenersOf(LoadBalancer lb, IReadOnlyList<Listener> all, LoadBalancerContext context)
    {
        var named = new HashSet<string>(lb.Listeners?.Select(static l => l.Id).OfType<string>() ?? [], StringComparer.Ordinal);
        var byPort = new SortedDictionary<int, Listener>();
        foreach (var listener in all)
        {
            var belongs = (listener.Id is { } id && named.Contains(id)) || (listener.Loadbalancers?.Any(l => l.Id == lb.Id) ?? false);
            if (!belongs)
            {
                continue;
            }

            if (listener.ProtocolPort is not (>= 1 and <= 65535) || listener.Id is null)
            {
                context.Warning("listeners", OpenStackDiagnosticCodes.InvalidListener, $"listener \"{listener.Id}\" has no valid protocol_port ({listener.ProtocolPort?.ToString(CultureInfo.InvariantCulture) ?? "none"}); it is left out");
                continue;
            }

            // Two listeners on one port (TCP and UDP, say) are one Kubernetes TCP port: the first by id wins.
            var port = listener.ProtocolPort.Value;
            if (byPort.TryGetValue(port, out var other))
            {
                var (keep, drop) = string.CompareOrdinal(other.Id, listener.Id) <= 0 ? (other, listener) : (listener, other);
                byPort[port] = keep;
                context.Warning("listeners", OpenStackDiagnosticCodes.InvalidListener, $"listeners \"{keep.Id}\" and \"{drop.Id}\" share port {port}; \"{drop.Id}\" is left out");
                continue;
            }

            byPort[port] = listener;
        }

        return [.. byPort.Values];
    }

    private static void AddListenerEndpoints(Listener listener, Dictionary<string, Pool> pools, IReadOnlyDictionary<string, IReadOnlyList<Member>> membersByPool, EndpointsBuilder endpoints, LoadBalancerContext context)
    {
        var port = listener.ProtocolPort!.Value;
        if (listener.DefaultPoolId is not { Length: > 0 } poolId)
        {
            context.Warning($"listeners[{listener.Id}].default_pool_id", OpenStackDiagnosticCodes.ListenerWithoutPool, $"listener on port {port} has no default pool; the port has no endpoints");
            return;
        }

        if (!pools.ContainsKey(poolId) || !membersByPool.TryGetValue(poolId, out var members))
        {
            context.Warning($"listeners[{listener.Id}].default_pool_id", OpenStackDiagnosticCodes.PoolNotFound, $"default pool \"{poolId}\" of the listener on port {port} was not found in the project; the port has no endpoints");
            return;
        }

        if (members.Count == 0)
        {
            context.Warning($"pools[{poolId}].members", OpenStackDiagnosticCodes.PoolWithoutMembers, $"pool \"{poolId}\" of the listener on port {port} has no members; the port has no endpoints");
            endpoints.InvalidMembers++;
            return;
        }

        foreach (var member in members)
        {
            endpoints.Add(PortName(port), poolId, member);
        }
    }

    private static MirroredService Build(LoadBalancerContext context, string name, string lbId, List<Listener> listeners, EndpointsBuilder endpoints)
    {
        var labels = new Dictionary<string, string>(GimbalLabels.With(null, context.BackendName, lbId), StringComparer.Ordinal)
        {
            [OpenStackLabels.LoadBalancerId] = GimbalNames.ShortenLabelValue(lbId),
            [OpenStackLabels.LoadBalancerName] = OpenStackLabels.SanitiseLabelValue(context.LoadBalancer.Name),
        };

        var service = new Service
        {
            Metadata = new ObjectMeta { Name = name, Namespace = context.ProjectName, Labels = labels },
            Spec = new ServiceSpec
            {
                Type = "ClusterIP",
                ClusterIP = "None",
                Ports = [.. listeners.Select(static l => new ServicePort
                {
                    Name = PortName(l.ProtocolPort!.Value),
                    Protocol = "TCP",
                    Port = l.ProtocolPort!.Value,
                    TargetPort = IntOrString.FromInt(l.ProtocolPort!.Value),
                })],
            },
        };

        var weights = endpoints.WeightAnnotation();
        var kubeEndpoints = new Endpoints
        {
            Metadata = new ObjectMeta
            {
                Name = name,
                Namespace = context.ProjectName,
                Labels = new Dictionary<string, string>(labels, StringComparer.Ordinal),
                Annotations = weights is null ? null : new Dictionary<string, string>(StringComparer.Ordinal) { [OpenStackLabels.MemberWeights] = weights },
            },
            Subsets = endpoints.Subsets(),
        };

        return new MirroredService(service, kubeEndpoints);
    }

    internal static string PortName(int port) => "port-" + port.ToString(CultureInfo.InvariantCulture);

    internal static bool IsDnsLabel(string value) => value.Length is > 0 and <= GimbalNames.MaxLength && DnsLabel().IsMatch(value);

    // IPAddress.TryParse also takes "10" or "10.1" (inet_aton forms) and scoped IPv6; Endpoints need plain addresses.
    internal static bool IsIpAddress(string? value) =>
        value is { Length: > 0 } && IPAddress.TryParse(value, out var ip) && !value.Contains('%', StringComparison.Ordinal)
        && (ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 || value.Count(static c => c == '.') == 3);

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex DnsLabel();
}
