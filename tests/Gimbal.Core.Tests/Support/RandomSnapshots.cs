using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gimbal.Core.Compilation;
using Gimbal.Core.Compilation.Annotations;
using Gimbal.Core.Kubernetes;

namespace Gimbal.Core.Tests.Support;

/// <summary>
/// A seeded generator of messy snapshots: colliding hosts across namespaces, hostile hosts, paths
/// and annotation values, missing Services and ports, broken Secrets. Same seed, same snapshot.
/// </summary>
internal sealed class RandomSnapshots(int seed)
{
    private static readonly string[] Namespaces = ["team-a", "team-b", "team-c"];
    private static readonly string[] Hosts =
    [
        "", "www.example.com", "WWW.example.com", "*.example.com", "a.example.com", "a.b.example.com", "*.*.example.com", "example.com",
        "bücher.example.com", "zero\u200bwidth.example.com", "10.0.0.1", "-x.example.com", "*", "api.team-a.example.com", new string('h', 300),
    ];

    private static readonly string[] Paths =
    [
        "/", "/foo", "/foo/", "/foo/bar", "/foobar", "foo", "", "/api/v[0-9]+", "/(unclosed", "/(a)\\1", "/(a+)+$", "/with space", "/café",
        "/" + new string('p', 10_000), "/q?x", "/ws", "/chat",
    ];

    private static readonly string?[] PathTypes = ["Prefix", "Exact", "ImplementationSpecific", null, "Weird"];
    private static readonly string[] Values = ["RingHash", "LeastRequest", "bogus", "30s", "1m", "-1s", "infinity", "3", "0", "999", "true", "false", "/ws,/chat", "x-user", "grpc,80", "R\u043eundRobin", "", "\u0000"];
    private static readonly string[] IngressKeys =
    [
        GimbalAnnotations.LoadBalancerStrategy, GimbalAnnotations.HashHeader, GimbalAnnotations.HashCookie, GimbalAnnotations.RequestTimeout,
        GimbalAnnotations.IdleTimeout, GimbalAnnotations.RetryCount, GimbalAnnotations.PerTryTimeout, GimbalAnnotations.RetryOn,
        GimbalAnnotations.WebsocketRoutes, GimbalAnnotations.ForceSslRedirect, GimbalAnnotations.AllowHttp, "kubernetes.io/ingress.class", GimbalAnnotations.Prefix + "typo",
    ];

    private static readonly string[] ServiceKeys =
    [
        GimbalAnnotations.UpstreamProtocolH2, GimbalAnnotations.UpstreamProtocolH2c, GimbalAnnotations.UpstreamProtocolTls, GimbalAnnotations.HealthCheckPath,
        GimbalAnnotations.HealthCheckInterval, GimbalAnnotations.HealthCheckHealthyThreshold,
    ];

    private readonly Random _random = new(seed);

    public static (string Cert, string Key) Certificate { get; } = CreateCertificate();

    public ResourceSnapshot Create(int ingressCount = 40)
    {
        var services = new List<Service>();
        var endpoints = new List<Endpoints>();
        var slices = new List<EndpointSlice>();
        var secrets = new List<Secret>();
        foreach (var ns in Namespaces)
        {
            for (var s = 0; s < 6; s++)
            {
                var name = "svc" + s;
                services.Add(new Service
                {
                    Metadata = new ObjectMeta { Namespace = ns, Name = name, Annotations = Annotations(ServiceKeys) },
                    Spec = new ServiceSpec
                    {
                        Type = Pick(0.1) ? "ExternalName" : null,
                        ExternalName = "ext.example.net",
                        Ports = [new ServicePort { Name = "http", Port = 80, TargetPort = 8080 }, new ServicePort { Name = Pick(0.5) ? "grpc" : null, Port = 81 }],
                    },
                });
                if (Pick(0.8))
                {
                    endpoints.Add(TestObjects.Endpoints(ns, name, "http", 8080, Enumerable.Range(0, _random.Next(0, 4)).Select(i => $"10.{s}.{i}.{_random.Next(1, 4)}").ToArray()));
                }

                if (Pick(0.5))
                {
                    slices.Add(TestObjects.Slice(ns, name + "-" + _random.Next(100), name, Pick(0.5) ? "http" : null, 8080,
                        Enumerable.Range(0, _random.Next(0, 4)).Select(i => ($"10.{s}.{i}.{_random.Next(1, 4)}", Pick(0.7))).ToArray()));
                }
            }

            secrets.Add(MakeSecret(ns, "good", Secret.TlsType, Certificate.Cert, Certificate.Key));
            secrets.Add(MakeSecret(ns, "opaque", "Opaque", Certificate.Cert, Certificate.Key));
            secrets.Add(MakeSecret(ns, "junk", Secret.TlsType, "-----BEGIN CERTIFICATE-----\nnope\n-----END CERTIFICATE-----", "x"));
        }

        var ingresses = new List<Ingress>();
        for (var i = 0; i < ingressCount; i++)
        {
            ingresses.Add(Ingress(i));
        }

        var classes = new List<IngressClass>
        {
            new() { Metadata = new ObjectMeta { Name = "team-lb", Annotations = Pick(0.5) ? new Dictionary<string, string> { [IngressClass.IsDefaultClassAnnotation] = "true" } : null }, Spec = new IngressClassSpec { Controller = "projectcontour.io/gimbal" } },
            new() { Metadata = new ObjectMeta { Name = "nginx", Annotations = Pick(0.3) ? new Dictionary<string, string> { [IngressClass.IsDefaultClassAnnotation] = "true" } : null }, Spec = new IngressClassSpec { Controller = "k8s.io/ingress-nginx" } },
        };

        return new ResourceSnapshot { Ingresses = ingresses, IngressClasses = classes, Services = services, Endpoints = endpoints, EndpointSlices = slices, Secrets = secrets };
    }

    private Ingress Ingress(int i)
    {
        var ns = Namespaces[_random.Next(Namespaces.Length)];
        var rules = new List<IngressRule>();
        for (var r = _random.Next(0, 4); r > 0; r--)
        {
            var paths = new List<HttpIngressPath>();
            for (var p = _random.Next(0, 4); p > 0; p--)
            {
                paths.Add(new HttpIngressPath { Path = Pick(Paths), PathType = Pick(PathTypes), Backend = Backend() });
            }

            rules.Add(new IngressRule { Host = Pick(0.05) ? null : Pick(Hosts), Http = Pick(0.1) ? null : new HttpIngressRuleValue { Paths = paths } });
        }

        var tls = new List<IngressTls>();
        if (Pick(0.4))
        {
            tls.Add(new IngressTls { Hosts = rules.Select(r => r.Host ?? string.Empty).Take(2).ToList(), SecretName = Pick(["good", "opaque", "junk", "missing", null]) });
        }

        return new Ingress
        {
            Metadata = new ObjectMeta
            {
                Namespace = ns,
                Name = "ing" + i,
                CreationTimestamp = Pick(0.1) ? null : TestObjects.Epoch.AddMinutes(_random.Next(0, 20)),
                Annotations = Annotations(IngressKeys),
            },
            Spec = new IngressSpec
            {
                IngressClassName = Pick(["gimbal", "team-lb", "nginx", null, null]),
                Rules = rules,
                DefaultBackend = Pick(0.15) ? Backend() : null,
                Tls = tls,
            },
        };
    }

    private IngressBackend? Backend()
    {
        if (Pick(0.05))
        {
            return Pick(0.5) ? null : new IngressBackend { Resource = new TypedLocalObjectReference { Kind = "Bucket", Name = "b" } };
        }

        var port = _random.Next(4) switch
        {
            0 => new ServiceBackendPort { Number = 80 },
            1 => new ServiceBackendPort { Name = "http" },
            2 => new ServiceBackendPort { Name = "grpc" },
            _ => Pick(0.5) ? new ServiceBackendPort { Number = 81 } : null,
        };
        return new IngressBackend { Service = new IngressServiceBackend { Name = "svc" + _random.Next(0, 8), Port = port } };
    }

    private Dictionary<string, string>? Annotations(string[] keys)
    {
        if (Pick(0.5))
        {
            return null;
        }

        var annotations = new Dictionary<string, string>();
        for (var n = _random.Next(1, 4); n > 0; n--)
        {
            annotations[Pick(keys)] = Pick(Values);
        }

        return annotations;
    }

    private bool Pick(double probability) => _random.NextDouble() < probability;

    private T Pick<T>(T[] items) => items[_random.Next(items.Length)];

    private static Secret MakeSecret(string ns, string name, string type, string cert, string key) => new()
    {
        Metadata = new ObjectMeta { Namespace = ns, Name = name },
        Type = type,
        StringData = new Dictionary<string, string> { [Secret.TlsCertKey] = cert, [Secret.TlsPrivateKeyKey] = key },
    };

    private static (string, string) CreateCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=example.com", key, HashAlgorithmName.SHA256);
        using var cert = request.CreateSelfSigned(TestObjects.Epoch, TestObjects.Epoch.AddYears(50));
        return (cert.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }
}
