using System.IO.Compression;
using System.Xml.Linq;
using Gimbal.Deploy.Tests.Infrastructure;
using Gimbal.Deploy.Tests.Monitoring;

namespace Gimbal.Deploy.Tests.Packaging;

/// <summary>
/// Packs the five libraries (without rebuilding: this test project already built them) into a local feed,
/// checks what each package declares, then builds and runs a console app that takes them from that feed.
/// </summary>
public sealed class PackagingTests : IClassFixture<PackagingTests.LocalFeed>
{
    private readonly LocalFeed _feed;

    public PackagingTests(LocalFeed feed) => _feed = feed;

    [Fact]
    public void Every_library_is_packed_with_readme_license_repository_and_xml_documentation()
    {
        foreach (var id in ExportedMetrics.Libraries)
        {
            using var package = ZipFile.OpenRead(_feed.PackagePath(id));
            var entries = package.Entries.Select(e => e.FullName).ToList();
            Assert.Contains("README.md", entries);
            Assert.Contains($"lib/net10.0/{id}.dll", entries);
            Assert.Contains($"lib/net10.0/{id}.xml", entries);

            var metadata = Nuspec(package).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
            Assert.Equal("Apache-2.0", Element(metadata, "license")?.Value);
            Assert.Equal("expression", Element(metadata, "license")?.Attribute("type")?.Value);
            Assert.Equal("README.md", Element(metadata, "readme")?.Value);
            Assert.Equal("git", Element(metadata, "repository")?.Attribute("type")?.Value);
            Assert.StartsWith("https://", Element(metadata, "repository")?.Attribute("url")?.Value, StringComparison.Ordinal);
            Assert.False(string.IsNullOrWhiteSpace(Element(metadata, "description")?.Value));
            using var readme = new StreamReader(package.GetEntry("README.md")!.Open());
            Assert.Contains(id, readme.ReadToEnd(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Each_package_depends_on_what_its_project_references()
    {
        Assert.Equal(["Gimbal.Core:" + LocalFeed.Version, "Yarp.ReverseProxy:2.1.0"], Dependencies("Gimbal.Yarp"));
        Assert.Equal(["Gimbal.Core:" + LocalFeed.Version, "Gimbal.Kubernetes:" + LocalFeed.Version], Dependencies("Gimbal.Discovery"));
        Assert.Contains("YamlDotNet:16.3.0", Dependencies("Gimbal.Kubernetes"));
        Assert.Contains("Google.Protobuf:3.25.1", Dependencies("Gimbal.Xds"));
        Assert.DoesNotContain(Dependencies("Gimbal.Xds"), d => d.StartsWith("Grpc.Tools", StringComparison.Ordinal));
        Assert.Empty(Dependencies("Gimbal.Core"));
    }

    [Fact]
    public async Task A_console_app_builds_and_runs_against_the_packages_from_a_local_feed()
    {
        var app = Path.Combine(_feed.Root, "consumer");
        Directory.CreateDirectory(app);
        foreach (var file in Directory.GetFiles(Path.Combine(Repository.Root, "tests", "Gimbal.Deploy.Tests", "PackageConsumer")))
        {
            File.Copy(file, Path.Combine(app, Path.GetFileName(file)));
        }

        // The local feed, and the machine's package cache as a second (offline) source for third-party packages.
        var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } p ? p : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        await File.WriteAllTextAsync(Path.Combine(app, "nuget.config"), $"""
            <configuration>
              <packageSources>
                <clear />
                <add key="gimbal" value="{_feed.Feed}" />
                <add key="cache" value="{cache}" />
              </packageSources>
            </configuration>
            """);
        var environment = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(_feed.Root, "packages") };

        var build = await ProcessRunner.RunAsync("dotnet", ["build", "-c", "Release", $"-p:GimbalVersion={LocalFeed.Version}", "-nodeReuse:false"], app, TimeSpan.FromMinutes(4), environment);
        Assert.True(build.ExitCode == 0, build.Output);
        var run = await ProcessRunner.RunAsync("dotnet", [Path.Combine(app, "bin", "Release", "net10.0", "PackageConsumer.dll")], app, TimeSpan.FromMinutes(1));

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("hosts: web.example.com", run.Output, StringComparison.Ordinal);
        Assert.Contains("listeners: ", run.Output, StringComparison.Ordinal);
        Assert.True(Directory.Exists(Path.Combine(_feed.Root, "packages", "gimbal.core", LocalFeed.Version)), "Gimbal.Core came from the local feed");
    }

    private List<string> Dependencies(string id)
    {
        using var package = ZipFile.OpenRead(_feed.PackagePath(id));
        return Nuspec(package).Descendants().Where(e => e.Name.LocalName == "dependency")
            .Select(d => $"{d.Attribute("id")!.Value}:{d.Attribute("version")!.Value}").Order(StringComparer.Ordinal).ToList();
    }

    private static XDocument Nuspec(ZipArchive package)
    {
        using var stream = package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open();
        return XDocument.Load(stream);
    }

    private static XElement? Element(XElement parent, string name) => parent.Elements().SingleOrDefault(e => e.Name.LocalName == name);

    /// <summary>A temporary folder with the packed libraries, made once for the class.</summary>
    public sealed class LocalFeed : IAsyncLifetime
    {
        public const string Version = "0.1.0-deploytest";

        public string Root { get; } = Directory.CreateTempSubdirectory("gimbal-pack-").FullName;

        public string Feed => Path.Combine(Root, "feed");

        public string PackagePath(string id) => Path.Combine(Feed, $"{id}.{Version}.nupkg");

        public async Task InitializeAsync()
        {
            // The configuration this test assembly was built in is the one the libraries were built in.
            var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
            var packs = ExportedMetrics.Libraries.Select(id => ProcessRunner.RunAsync(
                "dotnet",
                ["pack", Repository.PathOf("src", id, $"{id}.csproj"), "--no-build", "-c", configuration, "-o", Feed, $"-p:Version={Version}", "-nodeReuse:false"],
                timeout: TimeSpan.FromMinutes(3)));
            foreach (var (exitCode, output) in await Task.WhenAll(packs))
            {
                Assert.True(exitCode == 0, output);
            }
        }

        public Task DisposeAsync()
        {
            Directory.Delete(Root, recursive: true);
            return Task.CompletedTask;
        }
    }
}
