using Gimbal.Core.Collections;
using Gimbal.Core.Diagnostics;
using Gimbal.Core.Routing;

namespace Gimbal.Xds.Tests;

/// <summary>Route tables built by hand, as the compiler would emit them.</summary>
internal static class SampleTables
{
    public static ObjectRef Source(string name) => new("Ingress", "team-a", name);

    public static UpstreamCluster Cluster(string ns, string service, int port, Func<UpstreamCluster, UpstreamCluster>? edit = null)
    {
        var cluster = new UpstreamCluster
        {
            Name = $"{ns}/{service}/{port}",
            Service = new ServiceRef { Namespace = ns, Name = service, Port = port },
        };
        return edit is null ? cluster : edit(cluster);
    }

    public static Route Forward(string prefix, params string[] clusters) => new()
    {
        Match = new RouteMatch { Path = prefix },
        Action = new RouteAction
        {
            Forward = new ForwardAction { Clusters = clusters.Select(c => new WeightedCluster { ClusterName = c }).ToEquatableArray() },
        },
        Source = Source("web"),
    };

    public static ClusterEndpoints Endpoints(string cluster, params (string Address, int Port)[] endpoints) => new()
    {
        ClusterName = cluster,
        Endpoints = endpoints.Select(e => new LbEndpoint { Address = e.Address, Port = e.Port }).ToEquatableArray(),
    };

    /// <summary>Every feature of the route model at least once.</summary>
    public static RouteTable Rich()
    {
        var web = Cluster("team-a", "web", 80, c => c with
        {
            HealthCheck = new HealthCheckPolicy { Path = "/healthz", Interval = TimeSpan.FromSeconds(10) },
            CircuitBreakers = new CircuitBreakers { MaxConnections = 100, MaxRequests = 200 },
        });
        var api = Cluster("team-a", "api", 8443, c => c with { Protocol = UpstreamProtocol.Http2, LoadBalancing = new LoadBalancerPolicy { Strategy = LoadBalancingStrategy.RingHash, HashHeader = "x-user" } });
        var grpc = Cluster("team-b", "greeter", 50051, c => c with { Protocol = UpstreamProtocol.H2c, LoadBalancing = new LoadBalancerPolicy { Strategy = LoadBalancingStrategy.PowerOfTwoChoices } });
        var legacy = Cluster("team-b", "legacy", 443, c => c with { Protocol = UpstreamProtocol.Tls, ExternalName = "legacy.example.net", LoadBalancing = new LoadBalancerPolicy { Strategy = LoadBalancingStrategy.Random } });
        return new RouteTable
        {
            Clusters = new[] { api, web, grpc, legacy }.OrderBy(c => c.Name, StringComparer.Ordinal).ToEquatableArray(),
            Certificates = EquatableArray.Create(new TlsCertificate
            {
                Name = "team-a/shop-tls",
                CertificatePem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
                PrivateKeyPem = "-----BEGIN PRIVATE KEY-----\nSECRETKEYMATERIAL\n-----END PRIVATE KEY-----\n",
            }),
            VirtualHosts = EquatableArray.Create(
                new VirtualHost
                {
                    Name = "*.apps.example.com",
                    Routes = EquatableArray.Create(Forward("/", legacy.Name)),
                },
                new VirtualHost
                {
                    Name = "greeter.example.com",
                    Routes = EquatableArray.Create(Forward("/helloworld.Greeter/", grpc.Name)),
                },
                new VirtualHost
                {
                    Name = "shop.example.com",
                    Tls = new TlsBinding { CertificateName = "team-a/shop-tls", MinimumProtocolVersion = "1.3" },
                    Routes = EquatableArray.Create(
                        Forward("/api", api.Name) with
                        {
                            Insecure = InsecurePolicy.Deny,
                            Match = new RouteMatch
                            {
                                Path = "/api",
                                Headers = EquatableArray.Create(
                                    new HeaderMatch { Name = "x-canary", Kind = HeaderMatchKind.Present },
                                    new HeaderMatch { Name = "x-debug", Kind = HeaderMatchKind.NotPresent },
                                    new HeaderMatch { Name = "user-agent", Kind = HeaderMatchKind.Contains, Value = "Mobile" }),
                            },
                        },
                        new Route
                        {
                            Match = new RouteMatch { PathKind = PathMatchKind.Exact, Path = "/old" },
                            Action = new RouteAction { Redirect = new RedirectAction { Path = "/new", StatusCode = 308 } },
                            Source = Source("shop"),
                        },
                        new Route
                        {
                            Match = new RouteMatch { PathKind = PathMatchKind.Regex, Path = "/missing/.*" },
                            Action = RouteAction.ServiceUnavailable,
                            Source = Source("shop"),
                        },
                        new Route
                        {
                            Match = new RouteMatch { Path = "/" },
                            Action = new RouteAction
                            {
                                Forward = new ForwardAction
                                {
                                    Clusters = EquatableArray.Create(
                                        new WeightedCluster { ClusterName = api.Name, Weight = 20 },
                                        new WeightedCluster { ClusterName = web.Name, Weight = 80 }),
                                    Timeouts = new TimeoutPolicy { Request = TimeSpan.FromSeconds(30), Idle = TimeSpan.Zero },
                                    Retry = new RetryPolicy { Count = 3, PerTryTimeout = TimeSpan.FromSeconds(2), RetryOn = EquatableArray.Create("5xx", "connect-failure") },
                                    Websockets = true,
                                    PrefixRewrite = "/shop",
                                    RequestHeaders = new HeadersPolicy { Set = EquatableArray.Create(new HeaderValue("x-team", "a")), Remove = EquatableArray.Create("x-internal") },
                                    ResponseHeaders = new HeadersPolicy { Set = EquatableArray.Create(new HeaderValue("strict-transport-security", "max-age=31536000")) },
                                },
                            },
                            Insecure = InsecurePolicy.RedirectToHttps,
                            Source = Source("shop"),
                        }),
                }),
        };
    }

    public static EndpointTable RichEndpoints() => EndpointTable.Create(
    [
        Endpoints("team-a/api/8443", ("10.0.0.1", 8443), ("10.0.0.2", 8443)),
        new ClusterEndpoints
        {
            ClusterName = "team-a/web/80",
            Endpoints = EquatableArray.Create(
                new LbEndpoint { Address = "10.1.0.1", Port = 8080, Locality = new EndpointLocality("cluster-east", "zone-1") },
                new LbEndpoint { Address = "10.1.0.2", Port = 8080, Ready = false, Locality = new EndpointLocality("cluster-east", "zone-1") },
                new LbEndpoint { Address = "10.2.0.1", Port = 8080, Weight = 3, Locality = new EndpointLocality("cluster-west", null), Hostname = "web-0" }),
        },
        Endpoints("team-b/greeter/50051", ("10.3.0.1", 50051)),
    ]);
}
