using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Gimbal.Testing.OpenStack;

namespace Gimbal.Discovery.Tests.OpenStack;

/// <summary>The fake server itself answers with the API reference's shapes (the discoverer tests rely on it).</summary>
public sealed class FakeOpenStackServerTests
{
    [Fact]
    public async Task Answers_carry_the_sample_fields_and_the_documented_quirks()
    {
        await using var cloud = await OpenStackTestCloud.StartAsync();
        var (_, _, pool, _) = cloud.SeedProject("team-a", 443, "192.0.2.16");
        using var http = new HttpClient { BaseAddress = cloud.Server.Url };

        using var auth = new StringContent(
            """{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"gimbal","domain":{"name":"Default"},"password":"s3cret"}}},"scope":{"project":{"name":"admin","domain":{"name":"Default"}}}}}""",
            Encoding.UTF8, "application/json");
        using var issued = await http.PostAsync("identity/v3/auth/tokens", auth);
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        var token = issued.Headers.GetValues("X-Subject-Token").Single();
        var body = JsonNode.Parse(await issued.Content.ReadAsStringAsync())!;
        Assert.Equal("3T2dc1CGQxyJsHdDu1xkcw", (string?)body["token"]!["audit_ids"]![0]);
        Assert.Contains(body["token"]!["catalog"]!.AsArray(), s => (string?)s!["type"] == "load-balancer" && (string?)s["name"] == "octavia");

        // Octavia: /v2.0 is an alias of /v2 and a .json suffix is accepted; fields the state does not decide are the sample's.
        var listeners = await GetAsync(http, token, "regionone/public/load-balancer/v2.0/lbaas/listeners.json");
        var listener = listeners["listeners"]![0]!;
        Assert.Equal(443, (int)listener["protocol_port"]!);
        Assert.Equal("true", (string?)listener["insert_headers"]!["X-Forwarded-For"]);

        // Neutron LBaaS: tenant_id next to project_id, pool members as bare IDs, members without operating_status.
        var pools = await GetAsync(http, token, "regionone/public/network/v2.0/lbaas/pools");
        Assert.Equal(pools["pools"]![0]!["project_id"]!.GetValue<string>(), (string?)pools["pools"]![0]!["tenant_id"]);
        Assert.Equal(System.Text.Json.JsonValueKind.String, pools["pools"]![0]!["members"]![0]!.GetValueKind());
        var members = await GetAsync(http, token, $"regionone/public/network/v2.0/lbaas/pools/{pool}/members");
        Assert.Null(members["members"]![0]!["operating_status"]);

        // Without a token: keystonemiddleware's 401.
        using var anonymous = await http.GetAsync("regionone/public/load-balancer/v2/lbaas/loadbalancers");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.StartsWith("Keystone uri=", anonymous.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Equal("Unauthorized", (string?)JsonNode.Parse(await anonymous.Content.ReadAsStringAsync())!["error"]!["title"]);

        // A missing pool: Octavia's WSME fault, Neutron's NeutronError.
        using var octaviaMissing = await SendAsync(http, token, "regionone/public/load-balancer/v2/lbaas/pools/nope/members");
        Assert.Equal("Pool nope not found.", (string?)JsonNode.Parse(await octaviaMissing.Content.ReadAsStringAsync())!["faultstring"]);
        using var neutronMissing = await SendAsync(http, token, "regionone/public/network/v2.0/lbaas/pools/nope/members");
        Assert.Equal("PoolNotFound", (string?)JsonNode.Parse(await neutronMissing.Content.ReadAsStringAsync())!["NeutronError"]!["type"]);
    }

    [Fact]
    public async Task Application_credentials_with_a_scope_are_refused_as_Keystone_does()
    {
        await using var cloud = await OpenStackTestCloud.StartAsync();
        cloud.Server.AddApplicationCredential("app", "secret", cloud.UserId, "admin");
        using var http = new HttpClient { BaseAddress = cloud.Server.Url };
        using var scoped = new StringContent(
            """{"auth":{"identity":{"methods":["application_credential"],"application_credential":{"id":"app","secret":"secret"}},"scope":{"project":{"name":"admin","domain":{"name":"Default"}}}}}""",
            Encoding.UTF8, "application/json");

        using var response = await http.PostAsync("identity/v3/auth/tokens", scoped);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private static async Task<JsonNode> GetAsync(HttpClient http, string token, string path)
    {
        using var response = await SendAsync(http, token, path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, string token, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Auth-Token", token);
        return await http.SendAsync(request);
    }
}
