using System.Text.Json.Nodes;
using System.Xml.Linq;
using Gimbal.Deploy.Tests.Infrastructure;

namespace Gimbal.Deploy.Tests.Packaging;

/// <summary>Docker cannot run here: what can be checked without it is that each Dockerfile builds what exists.</summary>
public sealed class DockerfileTests
{
    private static IEnumerable<string> Files() =>
        Directory.GetFiles(Repository.PathOf("hosts"), "Dockerfile", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Select(Repository.Relative);

    public static TheoryData<string> Dockerfiles() => new(Files());

    [Fact]
    public void Every_program_host_has_a_dockerfile()
    {
        var hosts = Directory.GetFiles(Repository.PathOf("hosts"), "*.csproj", SearchOption.AllDirectories)
            .Where(p => XDocument.Load(p).Descendants("OutputType").Any(o => o.Value == "Exe"))
            .Select(p => Repository.Relative(Path.Combine(Path.GetDirectoryName(p)!, "Dockerfile")));

        Assert.All(hosts, h => Assert.Contains(h, Files()));
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void Every_path_copied_from_the_build_context_exists(string file)
    {
        var dockerfile = Dockerfile.Load(Repository.PathOf(file));

        var sources = dockerfile.ContextSources().ToList();
        Assert.NotEmpty(sources);
        Assert.All(sources, s => Assert.True(File.Exists(Repository.PathOf(s)) || Directory.Exists(Repository.PathOf(s)), $"{file}: COPY {s}"));
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void It_publishes_its_own_project_and_starts_the_assembly_that_project_builds(string file)
    {
        var dockerfile = Dockerfile.Load(Repository.PathOf(file));
        var project = Directory.GetFiles(Path.GetDirectoryName(Repository.PathOf(file))!, "*.csproj").Single();
        var assembly = XDocument.Load(project).Descendants("AssemblyName").Single().Value;

        var publish = Assert.Single(dockerfile.Arguments("RUN"), r => r.Contains("dotnet publish", StringComparison.Ordinal));
        Assert.Contains(Repository.Relative(project), publish, StringComparison.Ordinal);
        Assert.Contains("-c Release", publish, StringComparison.Ordinal);
        var entrypoint = JsonNode.Parse(Assert.Single(dockerfile.Arguments("ENTRYPOINT")))!.AsArray().Select(e => (string?)e).ToList();
        Assert.Equal(["dotnet", $"/app/{assembly}.dll"], entrypoint);
        // Every project the host references is copied in before the restore.
        foreach (var reference in XDocument.Load(project).Descendants("ProjectReference").Select(r => r.Attribute("Include")!.Value))
        {
            var referenced = Repository.Relative(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(project)!, reference)));
            Assert.Contains(dockerfile.ContextSources(), s => s == referenced || s.TrimEnd('/') == Path.GetDirectoryName(referenced));
        }
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void It_is_multi_stage_and_runs_as_a_non_root_user_on_the_runtime_image(string file)
    {
        var dockerfile = Dockerfile.Load(Repository.PathOf(file));

        var stages = dockerfile.Arguments("FROM").ToList();
        Assert.True(stages.Count >= 2, $"{file}: multi-stage");
        Assert.StartsWith("mcr.microsoft.com/dotnet/sdk:", stages[0], StringComparison.Ordinal);
        Assert.Matches(@"^mcr\.microsoft\.com/dotnet/(aspnet|runtime|runtime-deps):", stages[^1]);
        var lastFrom = dockerfile.Lines.ToList().FindLastIndex(l => l.Instruction == "FROM");
        var user = dockerfile.Lines.Skip(lastFrom).Where(l => l.Instruction == "USER").Select(l => l.Arguments).LastOrDefault();
        Assert.True(user is "$APP_UID" or "app" || (int.TryParse(user, out var uid) && uid > 0), $"{file}: USER {user}");
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void Servers_are_health_checked_on_healthz_on_a_port_they_expose(string file)
    {
        var dockerfile = Dockerfile.Load(Repository.PathOf(file));
        var exposed = dockerfile.Arguments("EXPOSE").SelectMany(e => e.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        if (exposed.Count == 0)
        {
            Assert.Empty(dockerfile.Arguments("HEALTHCHECK"));
            return;
        }

        var check = Assert.Single(dockerfile.Arguments("HEALTHCHECK"));
        Assert.Contains("GET /healthz", check, StringComparison.Ordinal);
        var port = System.Text.RegularExpressions.Regex.Match(check, @"/dev/tcp/127\.0\.0\.1/(\d+)").Groups[1].Value;
        Assert.Contains(port, exposed);
    }
}
