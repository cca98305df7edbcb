using Gimbal.Core.Collections;
using Gimbal.Core.Diagnostics;
using Gimbal.Core.Routing;

namespace Gimbal.Yarp.Tests.Infrastructure;

/// <summary>Builds route and endpoint tables the way the compiler would, for tests.</summary>
public static class Tables
{
    public static UpstreamCluster Cluster(string name, LoadBalancerPolicy? lb = null, HealthCheckPolicy? health = null, UpstreamProtocol protocol = UpstreamProtocol.Http1) => new()
    {
        Name = name,
        Service = new ServiceRef { Namespace = "default", Name = name, Port = 80 },
        LoadBalancing = lb ?? new LoadBalancerPolicy(),
        HealthCheck = health,
        Protocol = protocol,
    };

    public static Route Forward(string path, params string[] clusters) => Forward(PathMatchKind.Prefix, path, clusters.Select(c => (c, 1)).ToArray());

    public static Route Forward(PathMatchKind kind, string path, params (string Cluster, int Weight)[] clusters) => new()
    {
        Match = new RouteMatch { PathKind = kind, Path = path },
        Action = new RouteAction
        {
            Forward = new ForwardAction { Clusters = clusters.Select(c => new WeightedCluster { ClusterName = c.Cluster, Weight = c.Weight }).ToEquatableArray() },
        },
        Source = new ObjectRef("Ingress", "default", "test"),
    };

    public static VirtualHost Host(string name, params Route[] routes) => new() { Name = name, Routes = routes.ToEquatableArray() };

    public static RouteTable Table(IEnumerable<VirtualHost> hosts, IEnumerable<UpstreamCluster> clusters, IEnumerable<TlsCertificate>? certificates = null) => new()
    {
        VirtualHosts = hosts.OrderBy(h => h.Name, StringComparer.Ordinal).ToEquatableArray(),
        Clusters = clusters.OrderBy(c => c.Name, StringComparer.Ordinal).ToEquatableArray(),
        Certificates = (certificates ?? []).OrderBy(c => c.Name, StringComparer.Ordinal).ToEquatableArray(),
    };

    public static ClusterEndpoints Endpoints(string cluster, params Upstream[] upstreams) => new()
    {
        ClusterName = cluster,
        Endpoints = upstreams.Select(u => new LbEndpoint { Address = "127.0.0.1", Port = u.Port }).ToEquatableArray(),
    };

    public static ClusterEndpoints Endpoints(string cluster, params int[] ports) => new()
    {
        ClusterName = cluster,
        Endpoints = ports.Select(p => new LbEndpoint { Address = "127.0.0.1", Port = p }).ToEquatableArray(),
    };

    public static EndpointTable EndpointTable(params ClusterEndpoints[] clusters) => Core.Routing.EndpointTable.Create(clusters);
}
