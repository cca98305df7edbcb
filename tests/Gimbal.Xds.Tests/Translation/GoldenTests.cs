using System.Text;
using Gimbal.Xds.Translation;
using Google.Protobuf;

namespace Gimbal.Xds.Tests.Translation;

/// <summary>
/// The translation as Envoy JSON, compared with reviewed files under Golden/. Set
/// GIMBAL_UPDATE_GOLDEN=1 to rewrite them after an intended change, then review the diff.
/// </summary>
public sealed class GoldenTests
{
    [Theory]
    [InlineData(ResourceFlavor.Envoy, "rich.envoy.json")]
    [InlineData(ResourceFlavor.Grpc, "rich.grpc.json")]
    public void Rich_table_translates_to_the_golden_resources(ResourceFlavor flavor, string file)
    {
        var resources = new EnvoyTranslator().Translate(SampleTables.Rich(), SampleTables.RichEndpoints(), flavor);

        AssertGolden(file, Render(resources));
    }

    [Fact]
    public void Empty_table_still_has_the_http_listener_and_route_config()
    {
        var resources = new EnvoyTranslator().Translate(Core.Routing.RouteTable.Empty, Core.Routing.EndpointTable.Empty);

        AssertGolden("empty.envoy.json", Render(resources));
    }

    internal static string Render(EnvoyResources resources)
    {
        var json = new StringBuilder();
        json.Append("{\n");
        Section(json, "clusters", resources.Clusters);
        Section(json, "endpoints", resources.Endpoints);
        Section(json, "secrets", resources.Secrets);
        Section(json, "listeners", resources.Listeners);
        Section(json, "routes", resources.Routes, last: true);
        json.Append("}\n");
        return json.ToString();
    }

    private static void Section<T>(StringBuilder json, string name, IEnumerable<T> messages, bool last = false)
        where T : IMessage
    {
        json.Append('"').Append(name).Append("\": [");
        json.Append(string.Join(",\n", messages.Select(m => EnvoyJson.Format(m))));
        json.Append(last ? "]\n" : "],\n");
    }

    private static void AssertGolden(string file, string actual)
    {
        var path = Path.Combine(TestPaths.GoldenDir, file);
        if (Environment.GetEnvironmentVariable("GIMBAL_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(path, actual);
        }

        Assert.True(File.Exists(path), $"golden file {path} is missing; run with GIMBAL_UPDATE_GOLDEN=1 and review it");
        Assert.Equal(File.ReadAllText(path).ReplaceLineEndings("\n"), actual.ReplaceLineEndings("\n"));
    }
}
