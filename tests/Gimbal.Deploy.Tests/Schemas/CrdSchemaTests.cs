using System.Text.Json.Nodes;
using Gimbal.Deploy.Tests.Infrastructure;

namespace Gimbal.Deploy.Tests.Schemas;

public sealed class CrdSchemaTests
{
    private static readonly CrdCatalog Crds = CrdCatalog.Load();

    [Fact]
    public void The_crds_are_structural_v1_definitions_with_one_storage_version()
    {
        Assert.Equal(["httpproxies.projectcontour.io", "tlscertificatedelegations.projectcontour.io"],
            Crds.Definitions.Select(d => (string)d["metadata"]!["name"]!).Order(StringComparer.Ordinal));
        foreach (var crd in Crds.Definitions)
        {
            Assert.Equal("apiextensions.k8s.io/v1", (string?)crd["apiVersion"]);
            var versions = crd["spec"]!["versions"]!.AsArray().OfType<JsonObject>().ToList();
            Assert.Single(versions, v => (bool)v["storage"]!);
            foreach (var version in versions)
            {
                var schema = version["schema"]!["openAPIV3Schema"]!.AsObject();
                Assert.Equal("object", (string?)schema["type"]);
                Assert.Empty(StructuralSchemaRules.Problems(schema));
                Assert.True(schema["properties"]!["spec"] is JsonObject { Count: > 0 }, "the spec has a schema");
            }
        }
    }

    public static TheoryData<string> RouteFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Repository.YamlFiles(Repository.Deploy).Concat(Repository.YamlFiles(Repository.PathOf("samples"))))
        {
            if (File.ReadAllText(file).Contains("projectcontour.io/v1", StringComparison.Ordinal) && !file.Contains("/crds/", StringComparison.Ordinal))
            {
                data.Add(Repository.Relative(file));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RouteFiles))]
    public void Every_HTTPProxy_and_delegation_in_the_repository_passes_its_crd_schema(string file)
    {
        var objects = YamlDocuments.Load(Repository.PathOf(file)).OfType<JsonObject>()
            .Where(o => ((string?)o["apiVersion"])?.StartsWith("projectcontour.io/", StringComparison.Ordinal) == true)
            .ToList();

        Assert.NotEmpty(objects);
        foreach (var obj in objects)
        {
            var schema = Crds.SchemaFor(obj);
            Assert.True(schema is not null, $"{file}: no CRD for {obj["apiVersion"]} {obj["kind"]}");
            Assert.Empty(StructuralSchemaValidator.Validate(obj, schema).Select(e => $"{obj["metadata"]?["name"]}{e}"));
        }
    }

    [Fact]
    public void The_examples_cover_weights_delegation_and_redirects()
    {
        Assert.True(RouteFiles().Count >= 3);
        var text = string.Concat(Repository.YamlFiles(Path.Combine(Repository.Deploy, "examples")).Select(File.ReadAllText));
        Assert.Contains("weight:", text, StringComparison.Ordinal);
        Assert.Contains("kind: TLSCertificateDelegation", text, StringComparison.Ordinal);
        Assert.Contains("includes:", text, StringComparison.Ordinal);
        Assert.Contains("requestRedirectPolicy:", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("virtualhost: { fqdn: Shop.Example.com }", ".spec.virtualhost.fqdn")]
    [InlineData("virtualhost: { fqdn: shop.example.com, tls: { minimumProtocolVersion: '1.1' } }", ".spec.virtualhost.tls.minimumProtocolVersion")]
    [InlineData("routes: [ { services: [ { name: web } ] } ]", ".spec.routes[0].services[0]")]
    [InlineData("routes: [ { services: [ { name: web, port: 70000 } ] } ]", ".spec.routes[0].services[0].port")]
    [InlineData("routes: [ { services: [ { name: web, port: 80, weight: -1 } ] } ]", ".spec.routes[0].services[0].weight")]
    [InlineData("routes: [ { services: [ { name: web, port: '80' } ] } ]", ".spec.routes[0].services[0].port")]
    [InlineData("routes: [ { loadBalancerPolicy: { strategy: Fastest } } ]", ".spec.routes[0].loadBalancerPolicy.strategy")]
    [InlineData("routes: [ { timeoutPolicy: { response: 10 seconds } } ]", ".spec.routes[0].timeoutPolicy.response")]
    [InlineData("routes: [ { conditions: [ { header: { name: '' , present: true } } ] } ]", ".spec.routes[0].conditions[0].header.name")]
    [InlineData("routes: [ { servics: [] } ]", ".spec.routes[0].servics")]
    public void A_bad_HTTPProxy_is_rejected_at_the_offending_field(string spec, string path)
    {
        var proxy = YamlDocuments.Parse($"""
            apiVersion: projectcontour.io/v1
            kind: HTTPProxy
            metadata: {"{"} name: bad, namespace: team-a {"}"}
            spec: {"{"} {spec} {"}"}
            """).Single()!.AsObject();

        var errors = StructuralSchemaValidator.Validate(proxy, Crds.SchemaFor(proxy)!);

        Assert.Contains(errors, e => e.Path == path);
    }

    [Fact]
    public void A_delegation_without_target_namespaces_is_rejected()
    {
        var delegation = YamlDocuments.Parse("""
            apiVersion: projectcontour.io/v1
            kind: TLSCertificateDelegation
            metadata: { name: d, namespace: edge }
            spec:
              delegations:
              - secretName: wildcard
            """).Single()!.AsObject();

        var error = Assert.Single(StructuralSchemaValidator.Validate(delegation, Crds.SchemaFor(delegation)!));
        Assert.Equal(".spec.delegations[0]", error.Path);
        Assert.Contains("targetNamespaces", error.Message, StringComparison.Ordinal);
    }
}
