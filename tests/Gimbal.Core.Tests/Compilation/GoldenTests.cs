using System.Text.Json;
using Gimbal.Core.Compilation;
using Gimbal.Core.Json;
using Gimbal.Kubernetes.Manifests;

namespace Gimbal.Core.Tests.Compilation;

/// <summary>
/// testdata/&lt;case&gt;/input.yaml (+ optional options.json) compiles to expected.json.
/// GIMBAL_UPDATE_GOLDEN=1 rewrites expected.json from the current compiler.
/// </summary>
public sealed class GoldenTests
{
    private static readonly string TestData = Tests.TestData.Folder;

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var dir in Directory.GetDirectories(TestData).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(dir));
        }

        return data;
    }

    [Fact]
    public void ThereAreAtLeastThirtyCases() => Assert.True(Cases().Count >= 30);

    [Theory]
    [MemberData(nameof(Cases))]
    public void CompilesToExpectedJson(string name)
    {
        var dir = Path.Combine(TestData, name);
        var read = ManifestReader.Read(File.ReadAllText(Path.Combine(dir, "input.yaml")), name);
        Assert.Empty(read.Problems);

        var compiler = new RouteCompiler(LoadOptions(dir));
        var actual = RouteJson.Serialize(compiler.Compile(read.ToSnapshot())).ReplaceLineEndings("\n") + "\n";
        var expectedPath = Path.Combine(dir, "expected.json");
        if (Environment.GetEnvironmentVariable("GIMBAL_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(expectedPath, actual);
        }

        Assert.True(File.Exists(expectedPath), $"{expectedPath} is missing; run with GIMBAL_UPDATE_GOLDEN=1 to create it");
        Assert.Equal(File.ReadAllText(expectedPath).ReplaceLineEndings("\n"), actual);

        // Any input order gives byte-identical output.
        var reversed = new ManifestReadResult(read.Objects.Reverse().ToList(), read.Problems).ToSnapshot();
        Assert.Equal(actual, RouteJson.Serialize(new RouteCompiler(LoadOptions(dir)).Compile(reversed)).ReplaceLineEndings("\n") + "\n");
        Assert.DoesNotContain("PRIVATE KEY", actual, StringComparison.Ordinal);
        Assert.DoesNotContain(RouteCompiler.InternalErrorCode, actual, StringComparison.Ordinal);
    }

    private static CompilerOptions LoadOptions(string dir)
    {
        var path = Path.Combine(dir, "options.json");
        return File.Exists(path)
            ? JsonSerializer.Deserialize<CompilerOptions>(File.ReadAllText(path), JsonSerializerOptions.Web) ?? CompilerOptions.Default
            : CompilerOptions.Default;
    }
}
