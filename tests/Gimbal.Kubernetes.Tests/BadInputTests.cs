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
