using System.Text.Json.Nodes;
using Gimbal.Core.Compilation;
using Gimbal.Core.Diagnostics;
using Gimbal.Deploy.Tests.Infrastructure;
using Gimbal.Kubernetes.Manifests;

namespace Gimbal.Deploy.Tests.Manifests;

public sealed class ManifestParsingTests
{
    private static readonly HashSet<string> ClusterScoped = new(StringComparer.Ordinal)
    {
        "Namespace", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition", "IngressClass",
    };

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var file in DeployTree.ManifestFiles)
        {
            data.Add(Repository.Relative(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_object_names_its_kind_and_name_and_namespaced_ones_their_namespace(string file)
    {
        var documents = YamlDocuments.Load(Repository.PathOf(file));

        Assert.NotEmpty(documents);
        foreach (var doc in documents)
        {
            var obj = Assert.IsType<JsonObject>(doc);
            Assert.False(string.IsNullOrEmpty((string?)obj["apiVersion"]), $"{file}: apiVersion");
            var kind = (string?)obj["kind"];
            Assert.False(string.IsNullOrEmpty(kind), $"{file}: kind");
            if ((string?)obj["$patch"] == "delete")
            {
                continue;
            }

            Assert.False(string.IsNullOrEmpty(DeployTree.Name(obj)), $"{file}: {kind} without a name");
            Assert.True(ClusterScoped.Contains(kind!) != DeployTree.Namespace(obj).Length > 0, $"{file}: {DeployTree.Describe(obj)} namespace");
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Gimbals_manifest_reader_reads_every_kind_it_knows_without_a_problem(string file)
    {
        var text = File.ReadAllText(Repository.PathOf(file));

        var result = ManifestReader.Read(text, file);

        var known = YamlDocuments.Parse(text).OfType<JsonObject>().Count(o => ManifestKinds.Known.Contains((string?)o["kind"]));
        Assert.Equal(known, result.Objects.Count);
        Assert.All(result.Problems, p => Assert.Contains("is not one Gimbal reads", p.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void The_gateway_routes_compile_to_a_host_without_errors()
    {
        var read = ManifestReader.Read(File.ReadAllText(Path.Combine(Repository.Deploy, "examples", "gateway-routes.yaml")));

        var result = new RouteCompiler().Compile(read.ToSnapshot());

        Assert.Empty(read.Problems);
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        Assert.Contains(result.Routes.VirtualHosts, h => h.Name == "web.example.com");
    }

    [Fact]
    public void The_example_ingress_only_misses_what_a_discoverer_and_the_team_would_add()
    {
        var read = ManifestReader.Read(File.ReadAllText(Path.Combine(Repository.Deploy, "examples", "ingress.yaml")));

        var result = new RouteCompiler().Compile(read.ToSnapshot());

        Assert.Empty(read.Problems);
        var codes = result.Diagnostics.Select(d => d.Code).Distinct().Order(StringComparer.Ordinal);
        Assert.Equal([DiagnosticCodes.ServiceNotFound, DiagnosticCodes.TlsSecretNotFound], codes);
    }

    [Fact]
    public async Task The_examples_use_only_what_gimbals_data_planes_serve()
    {
        var read = await ManifestFiles.ReadAsync([Path.Combine(Repository.Deploy, "examples")]);

        var result = new RouteCompiler().Compile(read.ToSnapshot());

        Assert.Contains(read.Objects, o => o is Gimbal.Core.Kubernetes.Contour.HttpProxy);
        Assert.DoesNotContain(result.Diagnostics, d => d.Code == "NotSupported");
    }
}
