using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Gimbal.Discovery.OpenStack.Api;

namespace Gimbal.Discovery.OpenStack.Identity;

/// <summary>Issues Keystone v3 tokens: POST /v3/auth/tokens with a password or an application credential.</summary>
public sealed class KeystoneAuthenticator
{
    /// <summary>The Keystone path tokens are issued at, and the latency metric's path label for it.</summary>
    public const string TokensPath = "/v3/auth/tokens";

    private readonly HttpClient _http;
    private readonly OpenStackCredentials _credentials;
    private readonly TimeProvider _time;
    private readonly IApiLatencyRecorder _latency;

    /// <summary>An authenticator posting <paramref name="credentials"/> through <paramref name="http"/>.</summary>
    /// <param name="http">The HTTP client for Keystone.</param>
    /// <param name="credentials">The password or application credential, and the auth URL.</param>
    /// <param name="time">Measures call latency.</param>
    /// <param name="latency">Where the call's duration is recorded.</param>
    public KeystoneAuthenticator(HttpClient http, OpenStackCredentials credentials, TimeProvider time, IApiLatencyRecorder latency)
    {
        _http = http;
        _credentials = credentials;
        _time = time;
        _latency = latency;
    }

    /// <summary>Issues a new token (ID, issue and expiry times, project scope, service catalog); throws <see cref="Api.OpenStackApiException"/> when Keystone refuses or cannot be reached.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task<KeystoneToken> AuthenticateAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_credentials.IdentityV3Url(), "auth/tokens"))
        {
            Content = new ByteArrayContent(BuildRequestBody()),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        var started = _time.GetTimestamp();
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new OpenStackApiException($"Keystone at {_credentials.AuthUrl} could not be reached: {e.Message}", null, e);
        }
        finally
        {
            _latency.Record(TokensPath, _time.GetElapsedTime(started));
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (response.StatusCode is not (HttpStatusCode.Created or HttpStatusCode.OK))
            {
                throw new OpenStackApiException($"Keystone refused authentication ({(int)response.StatusCode}): {ErrorBodies.Describe(body)}", response.StatusCode);
            }

            if (!response.Headers.TryGetValues("X-Subject-Token", out var values) || values.FirstOrDefault() is not { Length: > 0 } tokenId)
            {
                throw new OpenStackApiException("Keystone answered without an X-Subject-Token header", response.StatusCode);
            }

            return ParseToken(tokenId, body, _time.GetUtcNow());
        }
    }

    internal static KeystoneToken ParseToken(string tokenId, string body, DateTimeOffset now)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (!document.RootElement.TryGetProperty("token", out var token) || token.ValueKind != JsonValueKind.Object)
            {
                throw new OpenStackApiException("Keystone's token response has no \"token\" object");
            }

            var expires = ReadTime(token, "expires_at") ?? throw new OpenStackApiException("Keystone's token has no expires_at");
            var issued = ReadTime(token, "issued_at") ?? now;
            ProjectScope? project = null;
            if (token.TryGetProperty("project", out var p) && p.ValueKind == JsonValueKind.Object && Text(p, "id") is { } id)
            {
                project = new ProjectScope(id, Text(p, "name") ?? id);
            }

            return new KeystoneToken(tokenId, issued, expires, project, ReadCatalog(token));
        }
        catch (JsonException e)
        {
            throw new OpenStackApiException($"Keystone's token response is not valid JSON: {e.Message}", e);
        }
    }

    private byte[] BuildRequestBody()
    {
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject("auth");
            json.WriteStartObject("identity");
            if (_credentials.UsesApplicationCredential)
            {
                // An application credential carries its own project scope: Keystone rejects a "scope" next to it.
                json.WriteStartArray("methods");
                json.WriteStringValue("application_credential");
                json.WriteEndArray();
                json.WriteStartObject("application_credential");
                json.WriteString("id", _credentials.ApplicationCredentialId);
                json.WriteString("secret", _credentials.ApplicationCredentialSecret);
                json.WriteEndObject();
                json.WriteEndObject();
            }
            else
            {
                json.WriteStartArray("methods");
                json.WriteStringValue("password");
                json.WriteEndArray();
                json.WriteStartObject("password");
                json.WriteStartObject("user");
                json.WriteString("name", _credentials.Username);
                json.WriteStartObject("domain");
                json.WriteString("name", _credentials.UserDomainName);
                json.WriteEndObject();
                json.WriteString("password", _credentials.Password);
                json.WriteEndObject();
                json.WriteEndObject();
                json.WriteEndObject();

                json.WriteStartObject("scope");
                json.WriteStartObject("project");
                json.WriteString("name", _credentials.ProjectName);
                json.WriteStartObject("domain");
                json.WriteString("name", _credentials.ProjectDomainName);
                json.WriteEndObject();
                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static ServiceCatalog ReadCatalog(JsonElement token)
    {
        if (!token.TryGetProperty("catalog", out var catalog) || catalog.ValueKind != JsonValueKind.Array)
        {
            return ServiceCatalog.Empty;
        }

        var services = new List<CatalogService>();
        foreach (var entry in catalog.EnumerateArray())
        {
            if (entry.ValueKind != JsonValueKind.Object || Text(entry, "type") is not { } type)
            {
                continue;
            }

            var endpoints = new List<CatalogEndpoint>();
            if (entry.TryGetProperty("endpoints", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                foreach (var endpoint in list.EnumerateArray())
                {
                    if (endpoint.ValueKind == JsonValueKind.Object && Text(endpoint, "interface") is { } endpointInterface && Text(endpoint, "url") is { } url)
                    {
                        endpoints.Add(new CatalogEndpoint(endpointInterface, Text(endpoint, "region"), Text(endpoint, "region_id"), url));
                    }
                }
            }

            services.Add(new CatalogService(type, Text(entry, "name"), endpoints));
        }

        return new ServiceCatalog(services);
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;

    // Keystone writes "2015-11-07T02:58:43.578887Z"; some deployments leave out the zone, which means UTC.
    private static DateTimeOffset? ReadTime(JsonElement element, string name) =>
        Text(element, name) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : null;
}
