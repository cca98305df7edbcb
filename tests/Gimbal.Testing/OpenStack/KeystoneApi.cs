using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Gimbal.Testing.OpenStack;

/// <summary>
/// The fake Keystone v3: POST /v3/auth/tokens (password with project scope, or application credential),
/// GET /v3/projects and /v3/auth/projects, and the version document. Answers are the API reference samples
/// with the state's values written in.
/// </summary>
internal sealed class KeystoneApi(FakeCloud cloud, ApiSamples samples, FakeOpenStackOptions options, Func<Uri> baseUrl)
{
    public async Task AuthenticateAsync(HttpContext context)
    {
        JsonNode? body;
        try
        {
            body = await JsonNode.ParseAsync(context.Request.Body);
        }
        catch (JsonException)
        {
            await Responses.KeystoneError(context, 400, "Bad Request", "Expecting to find valid JSON in request body.");
            return;
        }

        var identity = body?["auth"]?["identity"];
        var methods = identity?["methods"]?.AsArray().Select(m => (string?)m).ToList() ?? [];
        var scope = body?["auth"]?["scope"];
        var now = options.Clock.GetUtcNow();

        if (methods.Contains("application_credential"))
        {
            var id = (string?)identity?["application_credential"]?["id"];
            var secret = (string?)identity?["application_credential"]?["secret"];
            var credential = cloud.Read(c => c.ApplicationCredentials.FirstOrDefault(a => a.Id == id && a.Secret == secret));
            if (credential is null)
            {
                await Responses.Unauthorized(context, baseUrl(), "The request you have made requires authentication.");
                return;
            }

            if (scope is not null)
            {
                await Responses.KeystoneError(context, 401, "Unauthorized", "Application credentials cannot request a scope.");
                return;
            }

            var template = samples.Load("keystone/auth-application-credential-response.json");
            template["token"]!["application_credential"]!["id"] = credential.Id;
            template["token"]!["application_credential"]!["name"] = credential.Name;
            await IssueAsync(context, template, credential.UserId, credential.ProjectId, now);
            return;
        }

        if (methods.Contains("password"))
        {
            var user = FindUser(identity?["password"]?["user"]);
            if (user is null)
            {
                await Responses.Unauthorized(context, baseUrl(), "The request you have made requires authentication.");
                return;
            }

            if (scope?["project"] is not { } projectScope)
            {
                var unscoped = samples.Load("keystone/auth-password-unscoped-response.json");
                await IssueAsync(context, unscoped, user.Id, null, now);
                return;
            }

            var project = FindProject(projectScope);
            if (project is null)
            {
                await Responses.KeystoneError(context, 401, "Unauthorized", "The request you have made requires authentication.");
                return;
            }

            await IssueAsync(context, samples.Load("keystone/project-scoped-password.json"), user.Id, project.Id, now);
            return;
        }

        await Responses.KeystoneError(context, 400, "Bad Request", "Expecting to find identity methods in request body.");
    }

    public Task ListProjectsAsync(HttpContext context) =>
        options.ForbidProjectList
            ? Responses.KeystoneError(context, 403, "Forbidden", "You are not authorized to perform the requested action: identity:list_projects.")
            : WriteProjectsAsync(context, "keystone/projects-list-response.json", "projects");

    public Task ListAuthProjectsAsync(HttpContext context) => WriteProjectsAsync(context, "keystone/get-available-project-scopes-response.json", "auth/projects");

    public Task VersionAsync(HttpContext context)
    {
        var root = baseUrl() + "identity/v3/";
        var version = new JsonObject
        {
            ["version"] = new JsonObject
            {
                ["id"] = "v3.14",
                ["status"] = "stable",
                ["updated"] = "2020-04-07T00:00:00Z",
                ["links"] = new JsonArray(new JsonObject { ["rel"] = "self", ["href"] = root }),
                ["media-types"] = new JsonArray(new JsonObject { ["base"] = "application/json", ["type"] = "application/vnd.openstack.identity-v3+json" }),
            },
        };
        return Responses.Json(context, 200, version);
    }

    private async Task WriteProjectsAsync(HttpContext context, string sample, string path)
    {
        var page = samples.Load(sample).AsObject();
        var template = page["projects"]![0]!.AsObject();
        var projects = cloud.Read(c => c.Projects.ToList());
        var items = new JsonArray();
        foreach (var project in projects)
        {
            var item = template.DeepClone().AsObject();
            item["id"] = project.Id;
            item["name"] = project.Name;
            item["domain_id"] = project.DomainId;
            item["links"] = new JsonObject { ["self"] = $"{baseUrl()}identity/v3/projects/{project.Id}" };
            items.Add(item);
        }

        page["projects"] = items;
        page["links"] = new JsonObject { ["self"] = $"{baseUrl()}identity/v3/{path}", ["previous"] = null, ["next"] = null };
        await Responses.Json(context, 200, page);
    }

    private async Task IssueAsync(HttpContext context, JsonNode template, string userId, string? projectId, DateTimeOffset now)
    {
        var token = new FakeToken(Guid.NewGuid().ToString("N"), userId, projectId, now, now + options.TokenLifetime);
        var (user, project) = cloud.Read(c =>
        {
            c.Tokens[token.Id] = token;
            return (c.Users.FirstOrDefault(u => u.Id == userId), c.Projects.FirstOrDefault(p => p.Id == projectId));
        });

        var body = template["token"]!.AsObject();
        body["issued_at"] = Timestamp(token.IssuedAt);
        body["expires_at"] = Timestamp(token.ExpiresAt);
        if (body["user"] is JsonObject userNode && user is not null)
        {
            userNode["id"] = user.Id;
            userNode["name"] = user.Name;
        }

        if (project is not null)
        {
            body["project"] = new JsonObject
            {
                ["domain"] = new JsonObject { ["id"] = project.DomainId, ["name"] = project.DomainId == "default" ? "Default" : project.DomainId },
                ["id"] = project.Id,
                ["name"] = project.Name,
            };
            body["catalog"] = Catalog();
        }

        context.Response.Headers["X-Subject-Token"] = token.Id;
        context.Response.Headers["Vary"] = "X-Auth-Token";
        await Responses.Json(context, 201, template);
    }

    // The identity entry is Keystone's sample; the load-balancer entry is Octavia's general.inc snippet; the
    // network entry (Neutron, for legacy LBaaS) is shaped like it. Each region has its own path prefix.
    private JsonArray Catalog()
    {
        var catalog = new JsonArray();
        var identity = samples.Load("keystone/project-scoped-password.json")["token"]!["catalog"]![0]!.DeepClone().AsObject();
        foreach (var endpoint in identity["endpoints"]!.AsArray())
        {
            endpoint!["url"] = baseUrl() + "identity";
        }

        catalog.Add(identity);
        if (options.OfferOctavia)
        {
            catalog.Add(ServiceEntry("load-balancer", "octavia"));
        }

        if (options.OfferNeutron)
        {
            catalog.Add(ServiceEntry("network", "neutron"));
        }

        return catalog;
    }

    private JsonObject ServiceEntry(string type, string name)
    {
        var entry = samples.Load("octavia/general-inc-token-catalog-snippet.json")["token"]!["catalog"]![0]!.DeepClone().AsObject();
        var template = entry["endpoints"]![0]!.AsObject();
        var endpoints = new JsonArray();
        foreach (var region in options.Regions)
        {
            foreach (var endpointInterface in new[] { "public", "internal", "admin" })
            {
                var endpoint = template.DeepClone().AsObject();
                endpoint["url"] = $"{baseUrl()}{FakeOpenStackServer.SiteOf(region, endpointInterface)}/{type}/";
                endpoint["interface"] = endpointInterface;
                endpoint["region"] = region;
                endpoint["region_id"] = region;
                endpoint["id"] = Guid.NewGuid().ToString("N");
                endpoints.Add(endpoint);
            }
        }

        entry["endpoints"] = endpoints;
        entry["type"] = type;
        entry["name"] = name;
        entry["id"] = Guid.NewGuid().ToString("N");
        return entry;
    }

    private FakeUser? FindUser(JsonNode? user)
    {
        var id = (string?)user?["id"];
        var name = (string?)user?["name"];
        var domainName = (string?)user?["domain"]?["name"];
        var domainId = (string?)user?["domain"]?["id"];
        var password = (string?)user?["password"];
        return cloud.Read(c => c.Users.FirstOrDefault(u =>
            u.Password == password
            && (u.Id == id || (u.Name == name && (u.DomainName == domainName || (domainId == "default" && u.DomainName == "Default"))))));
    }

    private FakeProject? FindProject(JsonNode scope)
    {
        var id = (string?)scope["id"];
        var name = (string?)scope["name"];
        var domainName = (string?)scope["domain"]?["name"];
        var domainId = (string?)scope["domain"]?["id"];
        return cloud.Read(c => c.Projects.FirstOrDefault(p =>
            p.Id == id || (p.Name == name && ((domainName == "Default" && p.DomainId == "default") || p.DomainId == domainId || p.DomainId == domainName))));
    }

    private static string Timestamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
}
