using System.Text.Json.Nodes;

namespace Gimbal.Kubernetes.Tests;

public sealed class BadInputTests
{
    [Theory]
    [InlineData("""{"apiVersion":"v1","kind":"Service","metadata":{"name":"x"},"spec":{"ports":[{"port":"eighty"}]}}""")]
    [InlineData("""{"apiVersion":"v1","kind":"Service","metadata":{"name":"x"},"spec":{"ports":[{"port":""")]
    [InlineData("""[1,2,3]""")]
    public async Task Malformed_bodies_are_BadRequest_not_server_errors(string body)
    {
        await using var cluster = await TestCluster.StartAsync();
        using var http = new HttpClient { BaseAddress = cluster.Server.Url };
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var response = await http.PostAsync("api/v1/namespaces/default/services", content);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("BadRequest", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["reason"]!.GetValue<string>());
    }
}

public sealed class FutureWatchTests
{
    [Fact]
    public async Task A_watch_from_a_future_resourceVersion_stays_silent_until_the_server_gets_there()
    {
        await using var cluster = await TestCluster.StartAsync();
        var future = cluster.Server.ResourceVersion + 3;
        using var cts = new CancellationTokenSource(Eventually.Timeout);
        var enumerator = cluster.Client.Services.WatchAsync("default", new Gimbal.Kubernetes.Client.WatchOptions { ResourceVersion = future.ToString(System.Globalization.CultureInfo.InvariantCulture) }, cts.Token).GetAsyncEnumerator(cts.Token);
        var next = enumerator.MoveNextAsync().AsTask();
        for (var i = 0; i < 5; i++)
        {
            cluster.Server.Create(new Gimbal.Core.Kubernetes.Endpoints { Metadata = new() { Name = $"ep-{i}", Namespace = "default" } });
            cluster.Server.Create(new Gimbal.Core.Kubernetes.Service { Metadata = new() { Name = $"svc-{i}", Namespace = "default" }, Spec = new() { Ports = [new() { Port = 80 }] } });
        }

        Assert.True(await next);
        Assert.True(long.Parse(enumerator.Current.Object!.Metadata.ResourceVersion!) > future);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await enumerator.MoveNextAsync());
        await enumerator.DisposeAsync();
    }
}
