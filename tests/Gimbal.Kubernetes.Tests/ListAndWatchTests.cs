using System.Text.Json.Nodes;
using Gimbal.Core.Kubernetes;
using Gimbal.Kubernetes.Client;
using Gimbal.Kubernetes.Errors;
using Gimbal.Testing;

namespace Gimbal.Kubernetes.Tests;

public sealed class ListAndWatchTests
{
    private static Service Labelled(string name, params (string Key, string Value)[] labels) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = "team-b", Labels = labels.ToDictionary(l => l.Key, l => l.Value) },
        Spec = new ServiceSpec { Ports = [new ServicePort { Port = 80 }] },
    };

    private static async Task<TestCluster> WithFiveServicesAsync(KubeApiTestServerOptions? options = null)
    {
        var cluster = await TestCluster.StartAsync(options);
        cluster.Server.CreateNamespace("team-b");
        cluster.Server.Create(Labelled("web-1", ("tier", "web"), ("app", "web-1")));
        cluster.Server.Create(Labelled("web-2", ("tier", "web"), ("app", "web-2")));
        cluster.Server.Create(Labelled("web-3", ("tier", "web"), ("app", "web-3")));
        cluster.Server.Create(Labelled("db-1", ("tier", "db"), ("app", "db-1")));
        cluster.Server.Create(Labelled("db-2", ("app", "db-2")));
        return cluster;
    }

    [Fact]
    public async Task Paging_follows_continue_tokens_with_one_list_resourceVersion()
    {
        await using var cluster = await WithFiveServicesAsync();
        var services = cluster.Client.Services;
        var first = await services.ListAsync("team-b", new ListOptions { Limit = 2 });
        Assert.Equal(["db-1", "db-2"], first.Items.Select(s => s.Metadata.Name));
        Assert.Equal(3, first.Metadata.RemainingItemCount);
        Assert.NotNull(first.Metadata.Continue);

        var second = await services.ListAsync("team-b", new ListOptions { Limit = 2, Continue = first.Metadata.Continue });
        Assert.Equal(["web-1", "web-2"], second.Items.Select(s => s.Metadata.Name));
        Assert.Equal(first.Metadata.ResourceVersion, second.Metadata.ResourceVersion);

        var last = await services.ListAsync("team-b", new ListOptions { Limit = 2, Continue = second.Metadata.Continue });
        Assert.Equal(["web-3"], last.Items.Select(s => s.Metadata.Name));
        Assert.Null(last.Metadata.Continue);
        Assert.Null(last.Metadata.RemainingItemCount);

        var all = await services.ListAllAsync("team-b", new ListOptions { Limit = 2 });
        Assert.Equal(5, all.Items.Count);

        await Assert.ThrowsAsync<KubernetesBadRequestException>(() => services.ListAsync("team-b", new ListOptions { Limit = 2, Continue = "not-a-token" }));
        Assert.Empty((await services.ListAsync("no-such-namespace")).Items);
    }

    [Theory]
    [InlineData("tier=web", "web-1,web-2,web-3")]
    [InlineData("tier==web", "web-1,web-2,web-3")]
    [InlineData("tier!=web", "db-1,db-2")]
    [InlineData("tier in (web,db)", "db-1,web-1,web-2,web-3")]
    [InlineData("tier notin (web)", "db-1,db-2")]
    [InlineData("tier", "db-1,web-1,web-2,web-3")]
    [InlineData("!tier", "db-2")]
    [InlineData("tier=web,app=web-2", "web-2")]
    public async Task Label_selectors_select_as_the_api_server_does(string selector, string expected)
    {
        await using var cluster = await WithFiveServicesAsync();
        var list = await cluster.Client.Services.ListAsync("team-b", new ListOptions { LabelSelector = selector });
        Assert.Equal(expected, string.Join(',', list.Items.Select(s => s.Metadata.Name)));
    }

    [Fact]
    public async Task Field_selectors_and_parse_errors()
    {
        await using var cluster = await WithFiveServicesAsync();
        var services = cluster.Client.Services;
        Assert.Equal("db-1", Assert.Single((await services.ListAsync("team-b", new ListOptions { FieldSelector = "metadata.name=db-1" })).Items).Metadata.Name);
        Assert.Equal(4, (await services.ListAsync("team-b", new ListOptions { FieldSelector = "metadata.name!=db-1" })).Items.Count);
        Assert.Equal(5, (await services.ListAsync(null, new ListOptions { FieldSelector = "metadata.namespace=team-b" })).Items.Count);

        var unknownField = await Assert.ThrowsAsync<KubernetesBadRequestException>(() => services.ListAsync("team-b", new ListOptions { FieldSelector = "spec.type=ClusterIP" }));
        Assert.Equal("\"spec.type\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"", unknownField.Status!.Message);
        var badLabel = await Assert.ThrowsAsync<KubernetesBadRequestException>(() => services.ListAsync("team-b", new ListOptions { LabelSelector = "tier in web" }));
        Assert.Equal("unable to parse requirement: found 'web' expected: '('", badLabel.Status!.Message);
    }

    [Fact]
    public async Task Watch_from_a_list_resourceVersion_sees_later_changes_only_in_its_namespace()
    {
        await using var cluster = await WithFiveServicesAsync();
        cluster.Server.CreateNamespace("team-c");
        var services = cluster.Client.Services;
        var list = await services.ListAsync("team-b");
        using var cts = new CancellationTokenSource(Eventually.Timeout);
        var events = new List<WatchEvent<Service>>();
        var watching = Task.Run(async () =>
        {
            await foreach (var e in services.WatchAsync("team-b", new WatchOptions { ResourceVersion = list.Metadata.ResourceVersion }, cts.Token))
            {
                events.Add(e);
                if (e.Type == WatchEventType.Deleted)
                {
                    return;
                }
            }
        });

        cluster.Server.Create(Labelled("other", ("a", "b")) with { Metadata = new ObjectMeta { Name = "other", Namespace = "team-c" } });
        var created = await services.CreateAsync(Labelled("new-1", ("tier", "web")));
        await services.PatchAsync("team-b", "new-1", JsonNode.Parse("""{"metadata":{"labels":{"tier":"db"}}}""")!);
        await services.DeleteAsync("team-b", "new-1");
        await watching;

        Assert.Equal([WatchEventType.Added, WatchEventType.Modified, WatchEventType.Deleted], events.Select(e => e.Type));
        Assert.All(events, e => Assert.Equal("new-1", e.Object!.Metadata.Name));
        Assert.Equal("Service", events[0].Object!.Kind);
        Assert.True(long.Parse(events[2].Object!.Metadata.ResourceVersion!) > long.Parse(created.Metadata.ResourceVersion!));
    }

    [Fact]
    public async Task Watch_without_resourceVersion_starts_with_synthetic_adds_and_selector_moves_become_add_and_delete()
    {
        await using var cluster = await WithFiveServicesAsync();
        var services = cluster.Client.Services;
        using var cts = new CancellationTokenSource(Eventually.Timeout);
        var events = new List<WatchEvent<Service>>();
        var enumerator = services.WatchAsync("team-b", new WatchOptions { LabelSelector = "tier=web" }, cts.Token).GetAsyncEnumerator(cts.Token);
        for (var i = 0; i < 3; i++)
        {
            Assert.True(await enumerator.MoveNextAsync());
            events.Add(enumerator.Current);
        }

        Assert.All(events, e => Assert.Equal(WatchEventType.Added, e.Type));
        await services.PatchAsync("team-b", "web-1", JsonNode.Parse("""{"metadata":{"labels":{"tier":"db"}}}""")!);
        Assert.True(await enumerator.MoveNextAsync());
        Assert.Equal(WatchEventType.Deleted, enumerator.Current.Type);
        Assert.Equal("web", enumerator.Current.Object!.Metadata.Labels!["tier"]);

        await services.PatchAsync("team-b", "db-1", JsonNode.Parse("""{"metadata":{"labels":{"tier":"web"}}}""")!);
        Assert.True(await enumerator.MoveNextAsync());
        Assert.Equal(WatchEventType.Added, enumerator.Current.Type);
        Assert.Equal("db-1", enumerator.Current.Object!.Metadata.Name);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await enumerator.MoveNextAsync());
        await enumerator.DisposeAsync();
    }

    [Fact]
    public async Task Watch_from_a_compacted_resourceVersion_answers_200_with_one_410_error_event()
    {
        await using var cluster = await WithFiveServicesAsync();
        var services = cluster.Client.Services;
        var old = (await services.ListAsync("team-b")).Metadata.ResourceVersion;
        cluster.Server.Create(Labelled("late"));
        cluster.Server.Faults.CompactHistory();

        var events = new List<WatchEvent<Service>>();
        await foreach (var e in services.WatchAsync("team-b", new WatchOptions { ResourceVersion = old }))
        {
            events.Add(e);
        }

        var error = Assert.Single(events);
        Assert.Equal(WatchEventType.Error, error.Type);
        Assert.Equal(410, error.Status!.Code);
        Assert.Equal("Expired", error.Status.Reason);
        Assert.StartsWith($"too old resource version: {old} (", error.Status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bookmarks_carry_the_newest_resourceVersion_and_timeoutSeconds_ends_the_stream_cleanly()
    {
        var options = new KubeApiTestServerOptions { BookmarkInterval = TimeSpan.FromMilliseconds(200) };
        await using var cluster = await WithFiveServicesAsync(options);
        var services = cluster.Client.Services;
        var rv = (await services.ListAsync("team-b")).Metadata.ResourceVersion;
        var events = new List<WatchEvent<Service>>();
        using var cts = new CancellationTokenSource(Eventually.Timeout);
        await foreach (var e in services.WatchAsync("team-b", new WatchOptions { ResourceVersion = rv, AllowWatchBookmarks = true, TimeoutSeconds = 2 }, cts.Token))
        {
            events.Add(e);
        }

        Assert.NotEmpty(events);
        Assert.All(events, e => Assert.Equal(WatchEventType.Bookmark, e.Type));
        Assert.All(events, e => Assert.Equal(rv, e.Object!.Metadata.ResourceVersion));
        Assert.False(cts.IsCancellationRequested);
    }

    [Fact]
    public async Task Continue_token_from_before_a_compaction_is_gone()
    {
        await using var cluster = await WithFiveServicesAsync();
        var first = await cluster.Client.Services.ListAsync("team-b", new ListOptions { Limit = 2 });
        cluster.Server.Create(Labelled("late"));
        cluster.Server.Faults.CompactHistory();
        var gone = await Assert.ThrowsAsync<KubernetesGoneException>(() => cluster.Client.Services.ListAsync("team-b", new ListOptions { Limit = 2, Continue = first.Metadata.Continue }));
        Assert.Equal("Expired", gone.Reason);
        Assert.NotNull(gone.Status!.Metadata!.Continue);
    }
}
