using Gimbal.Core.Kubernetes;
using Gimbal.Core.Naming;
using Gimbal.Discovery.Mirroring;

namespace Gimbal.Discovery.Tests;

/// <summary>Builders for the Services and Endpoints tests put upstream or hand to the engine.</summary>
internal static class TestObjects
{
    public static Service Service(string ns, string name, params int[] ports) => new()
    {
        Metadata = new ObjectMeta { Namespace = ns, Name = name, Labels = new Dictionary<string, string> { ["app"] = name } },
        Spec = new ServiceSpec
        {
            Ports = ports.Select(p => new ServicePort { Name = $"p{p}", Port = p, TargetPort = p + 1000, Protocol = "TCP" }).ToList(),
            Selector = new Dictionary<string, string> { ["app"] = name },
        },
    };

    public static Endpoints Endpoints(string ns, string name, int port, params string[] ips) => new()
    {
        Metadata = new ObjectMeta { Namespace = ns, Name = name },
        Subsets = ips.Length == 0 ? [] :
        [
            new EndpointSubset
            {
                Addresses = ips.Select(ip => new EndpointAddress { Ip = ip }).ToList(),
                Ports = [new EndpointPort { Name = $"p{port}", Port = port + 1000, Protocol = "TCP" }],
            },
        ],
    };

    /// <summary>A mirror as a discoverer for <paramref name="backend"/> would report it.</summary>
    public static MirroredService Mirror(string backend, string ns, string name, int port, params string[] ips)
    {
        var mirrored = GimbalNames.BuildDiscoveredName(backend, name);
        var labels = GimbalLabels.With(null, backend, name);
        var service = Service(ns, mirrored, port) with { Metadata = new ObjectMeta { Namespace = ns, Name = mirrored, Labels = labels } };
        service = service with { Spec = service.Spec! with { ClusterIP = "None", Selector = null } };
        var endpoints = Endpoints(ns, mirrored, port, ips) with { Metadata = new ObjectMeta { Namespace = ns, Name = mirrored, Labels = labels } };
        return new MirroredService(service, endpoints);
    }

    public static MirrorSet Set(string backend, params MirroredService[] services) =>
        new() { BackendName = backend, BackendType = "kubernetes", Services = services };
}
