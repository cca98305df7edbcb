using Gimbal.Deploy.Tests.Infrastructure;

namespace Gimbal.Deploy.Tests.Manifests;

public sealed class KustomizationTests
{
    [Fact]
    public void Every_path_a_kustomization_names_exists()
    {
        foreach (var k in Kustomization.All)
        {
            foreach (var path in k.Resources.Concat(k.Patches).Concat(k.GeneratorFiles))
            {
                var full = Path.GetFullPath(Path.Combine(k.Folder, path));
                Assert.True(File.Exists(full) || File.Exists(Path.Combine(full, "kustomization.yaml")), $"{Repository.Relative(k.Folder)}: {path}");
            }
        }
    }

    [Fact]
    public void Every_manifest_is_applied_by_a_kustomization_except_examples_and_upstream_rbac()
    {
        var used = Kustomization.All
            .SelectMany(k => k.Resources.Concat(k.Patches).Concat(k.GeneratorFiles).Select(p => Path.GetFullPath(Path.Combine(k.Folder, p))))
            .ToHashSet(StringComparer.Ordinal);
        var files = Repository.YamlFiles(Repository.Deploy).Concat(Directory.EnumerateFiles(Repository.Deploy, "*.json", SearchOption.AllDirectories))
            .Concat(Directory.EnumerateFiles(Repository.Deploy, "*.yml", SearchOption.AllDirectories))
            .Where(f => Path.GetFileName(f) != "kustomization.yaml")
            .Where(f => !Repository.Relative(f).StartsWith("deploy/examples/", StringComparison.Ordinal))
            .Where(f => !Repository.Relative(f).StartsWith("deploy/discovery/upstream/", StringComparison.Ordinal));

        Assert.Empty(files.Where(f => !used.Contains(f)).Select(Repository.Relative));
    }

    [Fact]
    public void The_base_and_each_overlay_are_kustomizations()
    {
        foreach (var root in new[] { "base", "overlays/envoy-hostnetwork", "overlays/envoy-deployment", "overlays/gateway" })
        {
            Assert.Contains(Kustomization.All, k => Repository.Relative(k.Folder) == $"deploy/{root}");
        }
    }
}
