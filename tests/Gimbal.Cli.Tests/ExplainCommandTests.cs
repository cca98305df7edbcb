using System.Text.Json;

namespace Gimbal.Cli.Tests;

public sealed class ExplainCommandTests
{
    private static async Task<JsonElement> ExplainAsync(string url, params string[] extra)
    {
        string[] args = ["explain", "-f", "samples/quickstart", "--url", url, "--format", "json", .. extra];
        var (exit, output, error) = await GimbalProcess.RunAsync(args);
        Assert.True(exit == 0, error);
        return JsonDocument.Parse(output).RootElement.Clone();
    }

    [Fact]
    public async Task Forwarded_request_names_route_and_backends()
    {
        var json = await ExplainAsync("http://web.gimbal.local/west/page");

        Assert.Equal(200, json.GetProperty("status").GetInt32());
        Assert.Equal("web.gimbal.local", json.GetProperty("host").GetString());
        Assert.Equal("/west", json.GetProperty("route").GetProperty("match").GetProperty("path").GetString());
        var backend = Assert.Single(json.GetProperty("backends").EnumerateArray());
        Assert.Equal("team-a", backend.GetProperty("namespace").GetString());
        Assert.Equal("us-west-web", backend.GetProperty("service").GetString());
        Assert.Equal(80, backend.GetProperty("port").GetInt32());
        Assert.Equal(1, backend.GetProperty("weight").GetInt32());
    }

    [Fact]
    public async Task Prefix_matches_whole_segments_only()
    {
        var json = await ExplainAsync("http://web.gimbal.local/westward");

        Assert.Equal(200, json.GetProperty("status").GetInt32());
        Assert.Equal("us-east-web", json.GetProperty("backends")[0].GetProperty("service").GetString());
    }

    [Fact]
    public async Task Unknown_host_is_404()
    {
        var json = await ExplainAsync("http://nobody.example.com/");

        Assert.Equal(404, json.GetProperty("status").GetInt32());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("route").ValueKind);
    }

    [Fact]
    public async Task Plain_http_to_a_forced_tls_host_is_301_and_https_forwards()
    {
        var plain = await ExplainAsync("http://secure.gimbal.local/a");
        var secure = await ExplainAsync("https://secure.gimbal.local/a");

        Assert.Equal(301, plain.GetProperty("status").GetInt32());
        Assert.Equal("https://secure.gimbal.local/a", plain.GetProperty("location").GetString());
        Assert.Equal(200, secure.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Host_header_overrides_the_url_host()
    {
        var json = await ExplainAsync("http://127.0.0.1/", "--header", "Host=web.gimbal.local");

        Assert.Equal("web.gimbal.local", json.GetProperty("host").GetString());
    }

    [Fact]
    public async Task A_bad_url_is_a_usage_error()
    {
        var (exit, _, error) = await GimbalProcess.RunAsync("explain", "-f", "samples/quickstart", "--url", "not a url");

        Assert.Equal(2, exit);
        Assert.Contains("--url", error, StringComparison.Ordinal);
    }
}
