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
        await enumerator.DisposeAsync();
    }
}

public sealed class TooLargeResourceVersionTests
{
    [Fact]
    public async Task A_list_ahead_of_the_server_is_a_504_with_Retry_After_that_the_client_retries()
    {
        var options = new Gimbal.Testing.KubeApiTestServerOptions { TooLargeResourceVersionWait = TimeSpan.FromMilliseconds(10) };
        await using var cluster = await TestCluster.StartAsync(options, c => c with { MaxRetries = 2, MaxRetryAfter = TimeSpan.FromMilliseconds(20) });
        var ahead = (cluster.Server.ResourceVersion + 1000).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var error = await Assert.ThrowsAsync<Gimbal.Kubernetes.Errors.KubernetesServerErrorException>(
            () => cluster.Client.Services.ListAsync("default", new Gimbal.Kubernetes.Client.ListOptions { ResourceVersion = ahead }));
        Assert.Equal(System.Net.HttpStatusCode.GatewayTimeout, error.StatusCode);
        Assert.Equal("Timeout", error.Reason);
        Assert.Equal(TimeSpan.FromSeconds(1), error.RetryAfter);
        Assert.Equal("ResourceVersionTooLarge", error.Status!.Details!.Causes![0].Reason);
        Assert.Equal(3, cluster.Server.Requests.Snapshot().Count(r => r.PathAndQuery.Contains("resourceVersion=" + ahead, StringComparison.Ordinal)));
    }
}
