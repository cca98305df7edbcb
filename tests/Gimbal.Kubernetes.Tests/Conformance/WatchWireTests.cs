using System.Text.Json.Nodes;
using Gimbal.Core.Kubernetes;
using Gimbal.Testing;

namespace Gimbal.Kubernetes.Tests.Conformance;

/// <summary>Watch streams byte for byte against lines recorded from kube-apiserver 1.20 (07-watch-bookmarks, 08-gone-410).</summary>
public sealed class WatchWireTests
{
    private static async Task<(string ContentType, string? CacheControl, List<string> Lines)> ReadLinesAsync(KubeApiTestServer server, string pathAndQuery, int count)
    {
        using var http = new HttpClient { BaseAddress = server.Url };
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await http.GetAsync(pathAndQuery.TrimStart('/'), HttpCompletionOption.ResponseHeadersRead, cts.Token);
        Assert.Equal(200, (int)response.StatusCode);
        Assert.True(response.Headers.TransferEncodingChunked);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));
        var lines = new List<string>();
        while (lines.Count < count && await reader.ReadLineAsync(cts.Token) is { } line)
        {
            lines.Add(line);
        }

        return (response.Content.Headers.ContentType!.ToString(), response.Headers.CacheControl?.ToString(), lines);
    }

    [Fact]
    public async Task Bookmarks_are_empty_objects_of_the_watched_kind()
    {
        await using var server = await KubeApiTestServer.StartAsync(new KubeApiTestServerOptions { BookmarkInterval = TimeSpan.FromMilliseconds(100) });
        server.Create(new Service { Metadata = new ObjectMeta { Name = "a", Namespace = "default" }, Spec = new ServiceSpec { Ports = [new ServicePort { Port = 80 }] } });
        var rv = server.ResourceVersion;
        var (contentType, cacheControl, lines) = await ReadLinesAsync(server, $"/api/v1/namespaces/default/services?watch=1&resourceVersion={rv}&allowWatchBookmarks=true&timeoutSeconds=20", 1);
        Assert.Equal("application/json", contentType);
        Assert.Equal("no-cache, private", cacheControl);
        var recorded = """{"type":"BOOKMARK","object":{"kind":"Service","apiVersion":"v1","metadata":{"resourceVersion":"305","creationTimestamp":null},"spec":{},"status":{"loadBalancer":{}}}}""";
        Assert.Equal(recorded.Replace("\"305\"", $"\"{rv}\"", StringComparison.Ordinal), Assert.Single(lines));
    }

    [Fact]
    public async Task A_watch_from_before_the_window_is_one_Expired_error_event()
    {
        await using var server = await KubeApiTestServer.StartAsync(new KubeApiTestServerOptions { HistoryLimit = 100 });
        var old = server.ResourceVersion;
        for (var i = 0; i < 80; i++)
        {
            server.Create(new Service { Metadata = new ObjectMeta { Name = $"churn-{i}", Namespace = "default" }, Spec = new ServiceSpec { Ports = [new ServicePort { Port = 80 }] } });
            server.Delete<Service>("default", $"churn-{i}");
        }

        var (_, _, lines) = await ReadLinesAsync(server, $"/api/v1/namespaces/default/services?watch=1&resourceVersion={old}", 2);
        var line = Assert.Single(lines);
        var error = JsonNode.Parse(line)!;
        var oldest = ((string)error["object"]!["message"]!).Split('(', ')')[1];
        var recorded = """{"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"too old resource version: 260 (313)","reason":"Expired","code":410}}""";
        Assert.Equal(recorded.Replace("260", old.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal).Replace("313", oldest, StringComparison.Ordinal), line);
        Assert.True(long.Parse(oldest, System.Globalization.CultureInfo.InvariantCulture) > old);
    }
}
