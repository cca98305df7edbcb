using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gimbal.Core.Compilation;
using Gimbal.Core.Compilation.Annotations;
using Gimbal.Core.Kubernetes;

namespace Gimbal.Benchmarks.Compile;

/// <summary>
/// A large, valid snapshot for benchmarks: 10 000 Ingresses (2 paths each) on 5 000 hosts in 100
/// namespaces, 20 000 Services with 10 endpoints each (200 000; half from Endpoints, half from
/// EndpointSlices), and 10% of Ingresses with TLS, each with its own real ECDSA certificate and key.
/// The same seed gives the same objects (certificates differ between runs: keys are random).
/// </summary>
public static class LargeSnapshot
{
    public const int Namespaces = 100;
    public const int IngressCount = 10_000;
    public const int ServicesPerNamespace = 200;
    public const int EndpointsPerService = 10;

    public static ResourceSnapshot Create(int seed = 1)
    {
        var random = new Random(seed);
        var services = new List<Service>(Namespaces * ServicesPerNamespace);
        var endpoints = new List<Endpoints>();
        var slices = new List<EndpointSlice>();
        for (var n = 0; n < Namespaces; n++)
        {
            var ns = Namespace(n);
            for (var s = 0; s < ServicesPerNamespace; s++)
            {
                var name = ServiceName(s);
                services.Add(new Service
                {
                    Metadata = new ObjectMeta { Namespace = ns, Name = name, Labels = new Dictionary<string, string> { ["gimbal.projectcontour.io/backend"] = "cluster-" + (s % 3) } },
                    Spec = new ServiceSpec { Ports = [new ServicePort { Name = "http", Port = 80, TargetPort = 8080 }] },
                });
                if (s % 2 == 0)
                {
                    endpoints.Add(EndpointsFor(ns, name, random));
                }
                else
                {
                    slices.Add(SliceFor(ns, name, random));
                }
            }
        }

        var ingresses = new List<Ingress>(IngressCount);
        var secrets = new List<Secret>();
        for (var i = 0; i < IngressCount; i++)
        {
            // Two Ingresses of one namespace share each host, as teams split an app into several objects.
            var ns = Namespace(i / 2 % Namespaces);
            var host = $"app-{i / 2}.{ns}.example.com";
            var tls = i % 10 == 0;
            if (tls)
            {
                secrets.Add(TlsSecret(ns, $"tls-{i}"));
            }

            ingresses.Add(IngressFor(i, ns, host, tls, random));
        }

        return new ResourceSnapshot
        {
            Ingresses = ingresses,
            IngressClasses = [new IngressClass { Metadata = new ObjectMeta { Name = "gimbal" }, Spec = new IngressClassSpec { Controller = "projectcontour.io/gimbal" } }],
            Services = services,
            Endpoints = endpoints,
            EndpointSlices = slices,
            Secrets = secrets,
        };
    }

    /// <summary>A copy of <paramref name="snapshot"/> where one Service's endpoints moved: what an endpoint-only change looks like.</summary>
    public static (ResourceSnapshot Snapshot, string ServiceKey) WithChangedEndpoints(ResourceSnapshot snapshot, int seed)
    {
        var random = new Random(seed);
        var index = random.Next(snapshot.Endpoints.Count);
        var old = snapshot.Endpoints[index];
        var changed = EndpointsFor(old.Metadata.Namespace!, old.Metadata.Name!, random);
        var list = snapshot.Endpoints.ToList();
        list[index] = changed;
        return (snapshot with { Endpoints = list }, $"{old.Metadata.Namespace}/{old.Metadata.Name}");
    }

    public static string Namespace(int n) => $"team-{n:D3}";

    public static string ServiceName(int s) => $"svc-{s:D3}";

    private static Ingress IngressFor(int i, string ns, string host, bool tls, Random random)
    {
        // The j-th Ingress of its namespace uses Services 2j and 2j+1, so every Service backs one route.
        var j = i / (2 * Namespaces) * 2 + i % 2;
        var first = ServiceName(j * 2 % ServicesPerNamespace);
        var second = ServiceName((j * 2 + 1) % ServicesPerNamespace);
        var (pathA, pathB) = i % 2 == 0 ? ("/", "/app") : ("/api", "/static");
        Dictionary<string, string>? annotations = (i % 7) switch
        {
            0 => new() { [GimbalAnnotations.RequestTimeout] = "30s", [GimbalAnnotations.RetryCount] = "2", [GimbalAnnotations.RetryOn] = "5xx,reset" },
            1 => new() { [GimbalAnnotations.LoadBalancerStrategy] = "LeastRequest" },
            _ => null,
        };
        if (tls)
        {
            annotations ??= [];
            annotations[GimbalAnnotations.ForceSslRedirect] = "true";
        }

        return new Ingress
        {
            Metadata = new ObjectMeta
            {
                Namespace = ns,
                Name = $"ing-{i}",
                CreationTimestamp = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(random.Next(1_000_000)),
                Annotations = annotations,
            },
            Spec = new IngressSpec
            {
                IngressClassName = "gimbal",
                Tls = tls ? [new IngressTls { Hosts = [host], SecretName = $"tls-{i}" }] : null,
                Rules =
                [
                    new IngressRule
                    {
                        Host = host,
                        Http = new HttpIngressRuleValue
                        {
                            Paths =
                            [
                                Path(pathA, i % 3 == 0 ? "Exact" : "Prefix", first, byName: false),
                                Path(pathB, "Prefix", second, byName: true),
                            ],
                        },
                    },
                ],
            },
        };
    }

    private static HttpIngressPath Path(string path, string type, string service, bool byName) => new()
    {
        Path = path,
        PathType = type,
        Backend = new IngressBackend
        {
            Service = new IngressServiceBackend { Name = service, Port = byName ? new ServiceBackendPort { Name = "http" } : new ServiceBackendPort { Number = 80 } },
        },
    };

    private static Endpoints EndpointsFor(string ns, string name, Random random) => new()
    {
        Metadata = new ObjectMeta { Namespace = ns, Name = name },
        Subsets =
        [
            new EndpointSubset
            {
                Addresses = Enumerable.Range(0, EndpointsPerService).Select(_ => new EndpointAddress { Ip = RandomIp(random) }).ToList(),
                Ports = [new EndpointPort { Name = "http", Port = 8080 }],
            },
        ],
    };

    private static EndpointSlice SliceFor(string ns, string name, Random random) => new()
    {
        Metadata = new ObjectMeta { Namespace = ns, Name = name + "-x1", Labels = new Dictionary<string, string> { ["kubernetes.io/service-name"] = name } },
        AddressType = "IPv4",
        Endpoints = Enumerable.Range(0, EndpointsPerService)
            .Select(e => new SliceEndpoint { Addresses = [RandomIp(random)], Zone = "zone-" + (e % 3), Conditions = new EndpointConditions { Ready = e != 0 } })
            .ToList(),
        Ports = [new EndpointPort { Name = "http", Port = 8080 }],
    };

    private static string RandomIp(Random random) => $"10.{random.Next(256)}.{random.Next(256)}.{random.Next(1, 255)}";

    private static Secret TlsSecret(string ns, string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}.{ns}.example.com", key, HashAlgorithmName.SHA256);
        var now = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        using var certificate = request.CreateSelfSigned(now, now.AddYears(30));
        return new Secret
        {
            Metadata = new ObjectMeta { Namespace = ns, Name = name },
            Type = Secret.TlsType,
            Data = new Dictionary<string, byte[]>
            {
                [Secret.TlsCertKey] = System.Text.Encoding.UTF8.GetBytes(certificate.ExportCertificatePem()),
                [Secret.TlsPrivateKeyKey] = System.Text.Encoding.UTF8.GetBytes(key.ExportPkcs8PrivateKeyPem()),
            },
        };
    }
}
