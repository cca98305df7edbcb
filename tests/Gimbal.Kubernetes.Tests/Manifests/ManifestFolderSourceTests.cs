using Gimbal.Core.Compilation;
using Gimbal.Kubernetes.Sources;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gimbal.Kubernetes.Tests.Manifests;

public sealed class ManifestFolderSourceTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gimbal-manifests-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Yields_a_snapshot_then_a_new_one_after_an_edit()
    {
        await File.WriteAllTextAsync(Path.Combine(_dir, "svc.yaml"), Service("one"));
        var source = new ManifestFolderSource(_dir, NullLogger<ManifestFolderSource>.Instance, TimeSpan.FromMilliseconds(20));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var snapshots = source.WatchAsync(cts.Token).GetAsyncEnumerator(cts.Token);

        Assert.True(await snapshots.MoveNextAsync());
        Assert.Equal(["team/one"], Names(snapshots.Current));

        await File.WriteAllTextAsync(Path.Combine(_dir, "svc.yaml"), Service("two"));
        Assert.True(await snapshots.MoveNextAsync());
        Assert.Equal(["team/two"], Names(snapshots.Current));

        await File.WriteAllTextAsync(Path.Combine(_dir, "nested-more.yml"), Service("three"));
        Assert.True(await snapshots.MoveNextAsync());
        Assert.Equal(["team/three", "team/two"], Names(snapshots.Current));
    }

    [Fact]
    public async Task A_broken_edit_keeps_the_last_good_objects_of_that_file()
    {
        await File.WriteAllTextAsync(Path.Combine(_dir, "a.yaml"), Service("a"));
        var source = new ManifestFolderSource(_dir, NullLogger<ManifestFolderSource>.Instance, TimeSpan.FromMilliseconds(20));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var snapshots = source.WatchAsync(cts.Token).GetAsyncEnumerator(cts.Token);
        Assert.True(await snapshots.MoveNextAsync());

        await File.WriteAllTextAsync(Path.Combine(_dir, "a.yaml"), "kind: Service\nmetadata: [oops\n");
        await File.WriteAllTextAsync(Path.Combine(_dir, "b.yaml"), Service("b"));

        // The next snapshot carries b and still a, whatever order the two writes were seen in.
        while (await snapshots.MoveNextAsync())
        {
            var names = Names(snapshots.Current);
            Assert.Contains("team/a", names);
            if (names.Contains("team/b"))
            {
                return;
            }
        }

        Assert.Fail("the source stopped without yielding b");
    }

    private static List<string> Names(ResourceSnapshot snapshot) => snapshot.Services.Select(s => s.Key).Order(StringComparer.Ordinal).ToList();

    private static string Service(string name) => $"""
        apiVersion: v1
        kind: Service
        metadata:
          name: {name}
          namespace: team
        spec:
          ports:
          - port: 80
        """;
}
