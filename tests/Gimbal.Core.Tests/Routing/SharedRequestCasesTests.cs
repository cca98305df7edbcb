using System.Text.Json;
using Gimbal.Core.Compilation;
using Gimbal.Core.Routing;
using Gimbal.Kubernetes.Manifests;

namespace Gimbal.Core.Tests.Routing;

/// <summary>
/// testdata/requests.json through the compiler and the request matcher. The same file is meant for
/// every data plane's tests (compile the same input, send the same request), so the planes and
/// the matcher answer alike.
/// </summary>
public sealed class SharedRequestCasesTests
{
    private static readonly string TestData = Tests.TestData.Folder;

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var item in Load().EnumerateArray())
        {
            data.Add(item.GetProperty("name").GetString()!);
        }

        return data;
    }

    [Fact]
    public void CaseNamesAreUnique()
    {
        var names = Load().EnumerateArray().Select(c => c.GetProperty("name").GetString()).ToList();
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatcherAnswersAsTheTableSays(string name)
    {
        var item = Load().EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);
        var result = Compile(item.GetProperty("input").GetString()!);
        var request = new RouteRequest
        {
            Scheme = item.TryGetProperty("scheme", out var scheme) ? scheme.GetString()! : "http",
            Host = item.GetProperty("host").GetString()!,
            Path = item.GetProperty("path").GetString()!,
            Headers = item.TryGetProperty("headers", out var headers)
                ? headers.EnumerateObject().ToDictionary(h => h.Name, h => h.Value.GetString()!, StringComparer.OrdinalIgnoreCase)
                : null,
        };

        var answer = new RequestMatcher(result.Routes).Match(request);
        Assert.True(item.GetProperty("status").GetInt32() == answer.StatusCode, $"{name}: {answer.StatusCode} ({answer.Reason})");
        if (item.TryGetProperty("clusters", out var clusters))
        {
            Assert.Equal(Strings(clusters), answer.Clusters.Where(c => c.Weight > 0).Select(c => c.ClusterName).Distinct().Order(StringComparer.Ordinal));
        }

        if (item.TryGetProperty("mirrors", out var mirrors))
        {
            Assert.Equal(Strings(mirrors), answer.Route?.Action.Forward?.Mirrors.Select(m => m.ClusterName) ?? []);
        }

        if (item.TryGetProperty("location", out var location))
        {
            Assert.Equal(location.GetString(), answer.Location);
        }

        if (item.TryGetProperty("routePath", out var routePath))
        {
            Assert.Equal(routePath.GetString(), answer.Route?.Match.Path);
        }
    }

    private static IEnumerable<string> Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).Order(StringComparer.Ordinal);

    private static CompileResult Compile(string input)
    {
        var dir = Path.Combine(TestData, input);
        var options = File.Exists(Path.Combine(dir, "options.json"))
            ? JsonSerializer.Deserialize<CompilerOptions>(File.ReadAllText(Path.Combine(dir, "options.json")), JsonSerializerOptions.Web) ?? CompilerOptions.Default
            : CompilerOptions.Default;
        var read = ManifestReader.Read(File.ReadAllText(Path.Combine(dir, "input.yaml")), input);
        return new RouteCompiler(options).Compile(read.ToSnapshot());
    }

    private static JsonElement Load()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestData, "requests.json")));
        return document.RootElement.GetProperty("cases").Clone();
    }
}
