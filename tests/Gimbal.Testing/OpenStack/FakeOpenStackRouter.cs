using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Gimbal.Testing.OpenStack;

/// <summary>
/// Routes the fake server's requests: Keystone under /identity/v3, Octavia and Neutron under
/// /&lt;region&gt;/&lt;interface&gt;/load-balancer and …/network; checks tokens, injects faults and logs every request.
/// </summary>
internal sealed class FakeOpenStackRouter(FakeCloud cloud, FakeFaults faults, FakeRequestLog requests, FakeOpenStackOptions options, ApiSamples samples, Func<Uri> baseUrl)
{
    private readonly KeystoneApi _keystone = new(cloud, samples, options, baseUrl);
    private readonly FakeLbaasApi _octavia = new(cloud, samples, options, neutron: false);
    private readonly FakeLbaasApi _neutron = new(cloud, samples, options, neutron: true);

    public async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        var token = context.Request.Headers["X-Auth-Token"].FirstOrDefault();
        try
        {
            await RouteAsync(context, path, token);
        }
        catch (Exception e) when (!context.Response.HasStarted)
        {
            // A bug in the fake itself: say so in the body, where the failing test's message shows it.
            context.Response.StatusCode = 500;
            await context.Response.WriteAsync("fake OpenStack server error: " + e);
        }
        finally
        {
            requests.Add(new FakeRequest(context.Request.Method, path + context.Request.QueryString, token, context.Response.StatusCode));
        }
    }

    private async Task RouteAsync(HttpContext context, string path, string? token)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var isGet = HttpMethods.IsGet(context.Request.Method);
        ExpireIfAsked(path);
        if (faults.TakeDelay(path + context.Request.QueryString) is { } delay)
        {
            await Task.Delay(delay, context.RequestAborted);
        }

        if (faults.Take(path + context.Request.QueryString) is { } status)
        {
            await FailAsync(context, segments, status);
            return;
        }

        if (segments is ["identity"] or ["identity", "v3"] && isGet)
        {
            await _keystone.VersionAsync(context);
            return;
        }

        if (segments is ["identity", "v3", "auth", "tokens"] && HttpMethods.IsPost(context.Request.Method))
        {
            await _keystone.AuthenticateAsync(context);
            return;
        }

        if (segments is ["identity", "v3", "projects"] or ["identity", "v3", "auth", "projects"] && isGet)
        {
            if (!await AuthorisedAsync(context, token))
            {
                return;
            }

            await (segments.Length == 3 ? _keystone.ListProjectsAsync(context) : _keystone.ListAuthProjectsAsync(context));
            return;
        }

        // <region>/<interface>/load-balancer/v2/lbaas/... and <region>/<interface>/network/v2.0/lbaas/...
        if (segments.Length >= 3 && isGet && KnownSite(segments[0], segments[1]))
        {
            var service = segments[2];
            var rest = segments[3..];
            if (service == "load-balancer" && rest.Length == 0)
            {
                await Responses.Json(context, 200, samples.Load("octavia/versions-get-resp.json"));
                return;
            }

            var octavia = service == "load-balancer" && options.OfferOctavia && rest is ["v2" or "v2.0", "lbaas", ..];
            var neutron = service == "network" && options.OfferNeutron && rest is ["v2.0", "lbaas", ..];
            if (octavia || neutron)
            {
                if (await AuthorisedAsync(context, token))
                {
                    await (octavia ? _octavia : _neutron).HandleAsync(context, rest[2..]);
                }

                return;
            }
        }

        context.Response.StatusCode = 404;
    }

    private void ExpireIfAsked(string path) => cloud.Change(c =>
    {
        var index = c.ExpireOnRequest.FindIndex(f => path.Contains(f, StringComparison.Ordinal));
        if (index < 0)
        {
            return;
        }

        c.ExpireOnRequest.RemoveAt(index);
        var now = options.Clock.GetUtcNow();
        foreach (var id in c.Tokens.Keys.ToList())
        {
            c.Tokens[id] = c.Tokens[id] with { ExpiresAt = now };
        }
    });

    private bool KnownSite(string region, string endpointInterface) =>
        endpointInterface is "public" or "internal" or "admin" && options.Regions.Any(r => r.Equals(region, StringComparison.OrdinalIgnoreCase));

    private async Task<bool> AuthorisedAsync(HttpContext context, string? token)
    {
        var now = options.Clock.GetUtcNow();
        var valid = token is not null && cloud.Read(c => c.Tokens.TryGetValue(token, out var t) && !t.Revoked && now < t.ExpiresAt);
        if (!valid)
        {
            await Responses.Unauthorized(context, baseUrl(), "The request you have made requires authentication.");
        }

        return valid;
    }

    private Task FailAsync(HttpContext context, string[] segments, int status)
    {
        if (status == 401)
        {
            return Responses.Unauthorized(context, baseUrl(), "The request you have made requires authentication.");
        }

        return segments switch
        {
            [_, _, "load-balancer", ..] => _octavia.Error(context, status),
            [_, _, "network", ..] => _neutron.Error(context, status),
            _ => Responses.KeystoneError(context, status, ReasonPhrases.GetReasonPhrase(status), $"injected failure {status}"),
        };
    }
}
