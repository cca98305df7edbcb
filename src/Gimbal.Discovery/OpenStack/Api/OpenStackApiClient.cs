using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Gimbal.Discovery.OpenStack.Identity;

namespace Gimbal.Discovery.OpenStack.Api;

/// <summary>
/// Authenticated GETs against OpenStack services: the token goes in X-Auth-Token; a 401 renews the token and
/// retries once (the token may have been revoked or expired early); list calls follow the pagination links.
/// </summary>
public sealed class OpenStackApiClient
{
    private const int MaxPages = 10_000;

    private readonly HttpClient _http;
    private readonly KeystoneSession _session;
    private readonly TimeProvider _time;
    private readonly IApiLatencyRecorder _latency;

    /// <summary>A client sending through <paramref name="http"/> with the tokens of <paramref name="session"/>.</summary>
    /// <param name="http">The HTTP client (its handler decides TLS trust and timeouts).</param>
    /// <param name="session">Supplies and renews the Keystone token.</param>
    /// <param name="time">Measures call latency.</param>
    /// <param name="latency">Where call durations are recorded.</param>
    public OpenStackApiClient(HttpClient http, KeystoneSession session, TimeProvider time, IApiLatencyRecorder latency)
    {
        _http = http;
        _session = session;
        _time = time;
        _latency = latency;
    }

    /// <summary>The Keystone session whose token authenticates the calls; its catalog gives the service URLs.</summary>
    public KeystoneSession Session => _session;

    /// <summary>GETs <paramref name="url"/>; <paramref name="apiPath"/> is the templated path the latency metric is recorded under.</summary>
    public async Task<JsonDocument> GetAsync(Uri url, string apiPath, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var token = await _session.GetTokenAsync(cancellationToken).ConfigureAwait(false);
            using var response = await SendAsync(url, apiPath, token.Id, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.Unauthorized && attempt == 0)
            {
                _session.Invalidate(token);
                continue;
            }

            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new OpenStackApiException($"GET {url.AbsolutePath} answered {(int)response.StatusCode}: {ErrorBodies.Describe(body)}", response.StatusCode);
            }

            try
            {
                return JsonDocument.Parse(body);
            }
            catch (JsonException e)
            {
                throw new OpenStackApiException($"GET {url.AbsolutePath} answered with invalid JSON: {e.Message}", e);
            }
        }
    }

    /// <summary>
    /// The elements of <paramref name="collection"/> over every page: Octavia and Neutron link the next page from
    /// "&lt;collection&gt;_links" (rel "next"), Keystone from "links"."next".
    /// </summary>
    public async IAsyncEnumerable<JsonElement> ListAsync(Uri url, string apiPath, string collection, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { url.AbsoluteUri };
        Uri? next = url;
        for (var page = 0; next is not null; page++)
        {
            if (page >= MaxPages)
            {
                throw new OpenStackApiException($"GET {url.AbsolutePath}: more than {MaxPages} pages");
            }

            using var document = await GetAsync(next, apiPath, cancellationToken).ConfigureAwait(false);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty(collection, out var items) || items.ValueKind != JsonValueKind.Array)
            {
                throw new OpenStackApiException($"GET {next.AbsolutePath} answered without a \"{collection}\" list");
            }

            foreach (var item in items.EnumerateArray())
            {
                yield return item.Clone();
            }

            next = NextPage(root, collection, next);
            if (next is not null && !seen.Add(next.AbsoluteUri))
            {
                throw new OpenStackApiException($"GET {url.AbsolutePath}: the pagination links go round in a circle at {next}");
            }
        }
    }

    private async Task<HttpResponseMessage> SendAsync(Uri url, string apiPath, string token, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("X-Auth-Token", token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var started = _time.GetTimestamp();
        try
        {
            return await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new OpenStackApiException($"GET {url.GetLeftPart(UriPartial.Path)} failed: {e.Message}", null, e);
        }
        finally
        {
            _latency.Record(apiPath, _time.GetElapsedTime(started));
        }
    }

    private static Uri? NextPage(JsonElement root, string collection, Uri current)
    {
        string? href = null;
        if (root.TryGetProperty(collection + "_links", out var links) && links.ValueKind == JsonValueKind.Array)
        {
            foreach (var link in links.EnumerateArray())
            {
                if (link.ValueKind == JsonValueKind.Object && link.TryGetProperty("rel", out var rel) && rel.ValueEquals("next")
                    && link.TryGetProperty("href", out var h) && h.ValueKind == JsonValueKind.String)
                {
                    href = h.GetString();
                }
            }
        }
        else if (root.TryGetProperty("links", out var keystoneLinks) && keystoneLinks.ValueKind == JsonValueKind.Object
            && keystoneLinks.TryGetProperty("next", out var n) && n.ValueKind == JsonValueKind.String)
        {
            href = n.GetString();
        }

        return href is { Length: > 0 } && Uri.TryCreate(current, href, out var next) ? next : null;
    }
}
