using Gimbal.Core.Compilation;
using Gimbal.Core.Json;
using Gimbal.Core.Kubernetes;
using Gimbal.Core.Routing;
using Gimbal.Core.Tests.Support;

namespace Gimbal.Core.Tests.Compilation;

public sealed class EndpointUpdateTests
{
    private static ResourceSnapshot Snapshot(params Endpoints[] endpoints) => new()
    {
        Ingresses =
        [
            TestObjects.Ingress("team-a", "site", ("a.example.com", "/", "web", 80), ("a.example.com", "/api", "api", 80)),
            TestObjects.Ingress("team-b", "other", ("b.example.com", "/", "web", 80)),
        ],
        Services = [TestObjects.Service("team-a", "web"), TestObjects.Service("team-a", "api"), TestObjects.Service("team-b", "web")],
        Endpoints = endpoints,
    };

    [Fact]
    public void EndpointOnlyChangeKeepsTheRouteTableInstanceAndMatchesAFullCompile()
    {
        var compiler = new RouteCompiler();
        var before = compiler.Compile(Snapshot(
            TestObjects.Endpoints("team-a", "web", ips: "10.0.0.1"),
            TestObjects.Endpoints("team-a", "api", ips: "10.0.1.1"),
            TestObjects.Endpoints("team-b", "web", ips: "10.0.2.1")));

        var changed = Snapshot(
            TestObjects.Endpoints("team-a", "web", ips: ["10.0.0.3", "10.0.0.2"]),
            TestObjects.Endpoints("team-a", "api", ips: "10.0.1.1"),
            TestObjects.Endpoints("team-b", "web", ips: "10.0.2.1"));
        var updated = compiler.UpdateEndpoints(before, changed, ["team-a/web"]);

        Assert.Same(before.Routes, updated.Routes);
        Assert.Equal(RouteJson.Serialize(compiler.Compile(changed)), RouteJson.Serialize(updated));
        Assert.Equal(["10.0.0.2", "10.0.0.3"], updated.Endpoints.Find("team-a/web/80")!.Endpoints.Select(e => e.Address));

        // Untouched clusters keep their entries: data planes can diff by reference.
        Assert.Same(before.Endpoints.Find("team-a/api/80"), updated.Endpoints.Find("team-a/api/80"));
        Assert.Same(before.Endpoints.Find("team-b/web/80"), updated.Endpoints.Find("team-b/web/80"));
    }

    [Fact]
    public void RemovedEndpointsEmptyTheClusterAndUnknownServicesAreIgnored()
    {
        var compiler = new RouteCompiler();
        var before = compiler.Compile(Snapshot(TestObjects.Endpoints("team-a", "web", ips: "10.0.0.1")));
        var updated = compiler.UpdateEndpoints(before, Snapshot(), ["team-a/web", "team-z/nothing", "bogus", "team-a/"]);

        Assert.Same(before.Routes, updated.Routes);
        Assert.Empty(updated.Endpoints.Find("team-a/web/80")!.Endpoints);
        Assert.Equal(before.Endpoints.Clusters.Keys, updated.Endpoints.Clusters.Keys);
    }

    [Fact]
    public void ServiceWhoseNameIsAPrefixOfAnotherIsNotConfused()
    {
        var snapshot = new ResourceSnapshot
        {
            Ingresses = [TestObjects.Ingress("ns", "i", ("x.example.com", "/", "web", 80), ("x.example.com", "/2", "web2", 80))],
            Services = [TestObjects.Service("ns", "web"), TestObjects.Service("ns", "web2")],
            Endpoints = [TestObjects.Endpoints("ns", "web", ips: "10.0.0.1"), TestObjects.Endpoints("ns", "web2", ips: "10.0.0.2")],
        };
        var compiler = new RouteCompiler();
        var before = compiler.Compile(snapshot);
        var updated = compiler.UpdateEndpoints(before, snapshot with { Endpoints = [TestObjects.Endpoints("ns", "web2", ips: "10.0.0.2")] }, ["ns/web"]);

        Assert.Empty(updated.Endpoints.Find("ns/web/80")!.Endpoints);
        Assert.Same(before.Endpoints.Find("ns/web2/80"), updated.Endpoints.Find("ns/web2/80"));
    }

    [Fact]
    public void SlicesAreMergedWithEndpointsWithoutDuplicates()
    {
        var snapshot = Snapshot(TestObjects.Endpoints("team-a", "web", ips: "10.0.0.1")) with
        {
            EndpointSlices =
            [
                TestObjects.Slice("team-a", "web-1", "web", "http", 8080, ("10.0.0.1", true), ("10.0.0.5", false)),
                TestObjects.Slice("team-a", "web-2", "web", "metrics", 9090, ("10.0.0.6", true)),
                TestObjects.Slice("team-b", "web-1", "web", "http", 8080, ("10.9.0.1", true)),
            ],
        };
        var endpoints = new RouteCompiler().Compile(snapshot).Endpoints.Find("team-a/web/80")!.Endpoints;

        Assert.Equal(
            [new LbEndpoint { Address = "10.0.0.1", Port = 8080 }, new LbEndpoint { Address = "10.0.0.5", Port = 8080, Ready = false }],
            endpoints.ToArray());
    }

    [Fact]
    public void JsonNeverHoldsPrivateKeysAndWritesEnumsAsStrings()
    {
        var (cert, key) = RandomSnapshots.Certificate;
        var ingress = TestObjects.Ingress("ns", "i", ("x.example.com", "/", "web", 80));
        ingress = ingress with { Spec = ingress.Spec! with { Tls = [new IngressTls { Hosts = ["x.example.com"], SecretName = "tls" }] } };
        var result = new RouteCompiler().Compile(new ResourceSnapshot
        {
            Ingresses = [ingress],
            Services = [TestObjects.Service("ns", "web")],
            Secrets = [new Secret { Metadata = new ObjectMeta { Namespace = "ns", Name = "tls" }, Type = Secret.TlsType, StringData = new Dictionary<string, string> { ["tls.crt"] = cert, ["tls.key"] = key } }],
        });

        Assert.Equal(key, Assert.Single(result.Routes.Certificates).PrivateKeyPem);
        var json = RouteJson.Serialize(result);
        Assert.DoesNotContain("PRIVATE KEY", json, StringComparison.Ordinal);
        Assert.DoesNotContain("privateKeyPem", json, StringComparison.Ordinal);
        Assert.Contains("\"pathKind\": \"Prefix\"", json, StringComparison.Ordinal);
        Assert.Contains("\"certificateName\": \"ns/tls\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain(": null", json, StringComparison.Ordinal);
    }
}
