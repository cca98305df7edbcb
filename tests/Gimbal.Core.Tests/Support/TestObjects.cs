using Gimbal.Core.Kubernetes;

namespace Gimbal.Core.Tests.Support;

/// <summary>Terse builders for the Kubernetes objects compiler tests need.</summary>
internal static class TestObjects
{
    public static readonly DateTimeOffset Epoch = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static Ingress Ingress(string ns, string name, params (string? Host, string Path, string Service, int Port)[] paths) =>
        new()
        {
            Metadata = new ObjectMeta { Namespace = ns, Name = name, CreationTimestamp = Epoch },
            Spec = new IngressSpec
            {
                Rules = paths.GroupBy(p => p.Host).Select(g => new IngressRule
                {
                    Host = g.Key,
                    Http = new HttpIngressRuleValue
                    {
                        Paths = g.Select(p => new HttpIngressPath
                        {
                            Path = p.Path,
                            PathType = "Prefix",
                            Backend = new IngressBackend { Service = new IngressServiceBackend { Name = p.Service, Port = new ServiceBackendPort { Number = p.Port } } },
                        }).ToList(),
                    },
                }).ToList(),
            },
        };

    public static Service Service(string ns, string name, int port = 80, string? portName = "http", int targetPort = 8080) =>
        new()
        {
            Metadata = new ObjectMeta { Namespace = ns, Name = name },
            Spec = new ServiceSpec { Ports = [new ServicePort { Name = portName, Port = port, TargetPort = targetPort }] },
        };

    public static Endpoints Endpoints(string ns, string name, string? portName = "http", int port = 8080, params string[] ips) =>
        new()
        {
            Metadata = new ObjectMeta { Namespace = ns, Name = name },
            Subsets =
            [
                new EndpointSubset
                {
                    Addresses = ips.Select(ip => new EndpointAddress { Ip = ip }).ToList(),
                    Ports = [new EndpointPort { Name = portName, Port = port }],
                },
            ],
        };

    public static EndpointSlice Slice(string ns, string name, string service, string? portName, int port, params (string Ip, bool Ready)[] endpoints) =>
        new()
        {
            Metadata = new ObjectMeta { Namespace = ns, Name = name, Labels = new Dictionary<string, string> { ["kubernetes.io/service-name"] = service } },
            AddressType = "IPv4",
            Endpoints = endpoints.Select(e => new SliceEndpoint { Addresses = [e.Ip], Conditions = new EndpointConditions { Ready = e.Ready } }).ToList(),
            Ports = [new EndpointPort { Name = portName, Port = port }],
        };
}
