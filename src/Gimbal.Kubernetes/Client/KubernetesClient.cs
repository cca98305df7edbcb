using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading.RateLimiting;
using Gimbal.Core.Kubernetes;
using Gimbal.Kubernetes.Configuration;
using Gimbal.Kubernetes.Diagnostics;
using Gimbal.Kubernetes.Errors;
using Gimbal.Kubernetes.FlowControl;
using Gimbal.Kubernetes.Serialization;
using Gimbal.Kubernetes.Transport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gimbal.Kubernetes.Client;

/// <summary>
/// A client of one API server: one pooled HTTP handler, client-side rate limiting (QPS and burst),
/// authentication, Retry-After honouring, typed errors and metrics. Typed verbs live on <see cref="Resource{T}"/>.
/// </summary>
public sealed partial class KubernetesClient : IDisposable
{
    private static readonly MediaTypeWithQualityHeaderValue AcceptJson = new("application/json");

    private readonly HttpClient _http;
    private readonly RateLimiter? _limiter;
    private readonly KubernetesClientMetrics _metrics;
    private readonly bool _ownsMetrics;
    private readonly ILogger _logger;

    /// <summary>Creates a client of the API server described by <paramref name="configuration"/>; dispose it to release its connections.</summary>
    /// <param name="configuration">The server, its trust, the credentials and the rate limits (QPS and burst) to use.</param>
    /// <param name="loggerFactory">Where retries and watch restarts are logged; null logs nothing.</param>
    /// <param name="metrics">Shared request metrics; null creates (and later disposes) a private instance.</param>
    public KubernetesClient(KubernetesClientConfiguration configuration, ILoggerFactory? loggerFactory = null, KubernetesClientMetrics? metrics = null)
    {
        Configuration = configuration;
        LoggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = LoggerFactory.CreateLogger<KubernetesClient>();
        _ownsMetrics = metrics is null;
        _metrics = metrics ?? new KubernetesClientMetrics();
        _http = new HttpClient(HttpHandlerFactory.Create(configuration))
        {
            BaseAddress = configuration.Server.AbsoluteUri.EndsWith('/') ? configuration.Server : new Uri(configuration.Server.AbsoluteUri + "/"),
            Timeout = Timeout.InfiniteTimeSpan,
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd(configuration.UserAgent);
        _limiter = configuration.Qps > 0 ? CreateLimiter(configuration.Qps, Math.Max(1, configuration.Burst)) : null;
    }

    /// <summary>The configuration this client was created with.</summary>
    public KubernetesClientConfiguration Configuration { get; }

    /// <summary>The metrics every request of this client is recorded in.</summary>
    public KubernetesClientMetrics Metrics => _metrics;

    internal ILoggerFactory LoggerFactory { get; }

    /// <summary>The core/v1 Services.</summary>
    public ResourceClient<Service> Services => Resource(KubernetesResources.Services);
    /// <summary>The core/v1 Endpoints.</summary>
    public ResourceClient<Endpoints> Endpoints => Resource(KubernetesResources.Endpoints);
    /// <summary>The core/v1 Secrets.</summary>
    public ResourceClient<Secret> Secrets => Resource(KubernetesResources.Secrets);
    /// <summary>The core/v1 Namespaces (cluster-scoped).</summary>
    public ResourceClient<Namespace> Namespaces => Resource(KubernetesResources.Namespaces);
    /// <summary>The core/v1 Nodes (cluster-scoped).</summary>
    public ResourceClient<Node> Nodes => Resource(KubernetesResources.Nodes);
    /// <summary>The discovery.k8s.io/v1 EndpointSlices.</summary>
    public ResourceClient<EndpointSlice> EndpointSlices => Resource(KubernetesResources.EndpointSlices);
    /// <summary>The networking.k8s.io/v1 Ingresses.</summary>
    public ResourceClient<Ingress> Ingresses => Resource(KubernetesResources.Ingresses);
    /// <summary>The networking.k8s.io/v1 IngressClasses (cluster-scoped).</summary>
    public ResourceClient<IngressClass> IngressClasses => Resource(KubernetesResources.IngressClasses);

    /// <summary>The typed verbs of any resource type, e.g. one from <see cref="KubernetesResources"/> or <see cref="Contour.ContourResources"/>.</summary>
    /// <typeparam name="T">The object model the resource's JSON is read into.</typeparam>
    /// <param name="type">Where the resource lives in the API and how its JSON is read.</param>
    public ResourceClient<T> Resource<T>(ResourceType<T> type)
        where T : KubernetesObject => new(this, type);

    /// <summary>Custom resources by group/version/plural, as raw JSON objects.</summary>
    public ResourceClient<GenericObject> CustomResource(string group, string version, string plural, bool namespaced = true) =>
        Resource(KubernetesResources.Custom(group, version, plural, namespaced));

    /// <summary>GET of any path (discovery documents, /version) as raw JSON.</summary>
    public Task<JsonElement> GetRawAsync(string path, CancellationToken cancellationToken = default) =>
        ExecuteAsync(
            () => new HttpRequestMessage(HttpMethod.Get, path.TrimStart('/')),
            "get",
            path,
            async (content, ct) => JsonSerializer.Deserialize(await content.ReadAsStreamAsync(ct), ClientJsonContext.Default.JsonElement),
            cancellationToken);

    /// <summary>Sends a request (built afresh on every attempt) and reads its answer, within the request timeout.</summary>
    internal async Task<TResult> ExecuteAsync<TResult>(
        Func<HttpRequestMessage> build,
        string verb,
        string resource,
        Func<HttpContent, CancellationToken, Task<TResult>> read,
        CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Configuration.RequestTimeout);
        try
        {
            using var response = await SendAsync(build, verb, resource, timeout.Token);
            return await read(response.Content, timeout.Token);
        }
        catch (OperationCanceledException e) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{verb} {resource} did not complete within {Configuration.RequestTimeout}", e);
        }
    }

    /// <summary>
    /// Sends until a 2xx answer or a final error: waits for the rate limiter, retries a 401 once with fresh
    /// credentials, and retries 429/5xx answers that carry Retry-After up to <see cref="KubernetesClientConfiguration.MaxRetries"/> times.
    /// The caller owns the returned response (its body may be a watch stream).
    /// </summary>
    internal async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> build, string verb, string resource, CancellationToken cancellationToken)
    {
        var refreshedCredentials = false;
        for (var attempt = 0; ; attempt++)
        {
            await AcquireAsync(cancellationToken);
            using var request = build();
            // HTTP/2 when TLS negotiates it (ALPN), HTTP/1.1 otherwise.
            request.Version = HttpVersion.Version20;
            request.VersionPolicy = HttpVersionPolicy.RequestVersionOrLower;
            request.Headers.Accept.Add(AcceptJson);
            if (Configuration.Credentials is { } credentials && await credentials.GetAuthorizationAsync(cancellationToken) is { } authorization)
            {
                request.Headers.Authorization = authorization;
            }

            var started = Stopwatch.GetTimestamp();
            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            }
            catch (HttpRequestException)
            {
                _metrics.Request(Configuration.Name, verb, resource, 0, Stopwatch.GetElapsedTime(started));
                throw;
            }

            var code = (int)response.StatusCode;
            _metrics.Request(Configuration.Name, verb, resource, code, Stopwatch.GetElapsedTime(started));
            if (response.IsSuccessStatusCode)
            {
                return response;
            }

            using (response)
            {
                var status = await ReadStatusAsync(response, cancellationToken);
                var retryAfter = RetryAfter(response, status);
                if (code == 401 && !refreshedCredentials && Configuration.Credentials is { } stale)
                {
                    stale.Invalidate();
                    refreshedCredentials = true;
                    continue;
                }

                if ((code == 429 || code >= 500) && retryAfter is { } wait && attempt < Configuration.MaxRetries)
                {
                    var capped = wait > Configuration.MaxRetryAfter ? Configuration.MaxRetryAfter : wait;
                    LogRetry(verb, resource, code, capped);
                    await Task.Delay(capped, cancellationToken);
                    continue;
                }

                throw KubernetesApiException.Create(response.StatusCode, status, retryAfter);
            }
        }
    }

    /// <summary>Closes the pooled connections and the rate limiter, and the metrics when this client created them.</summary>
    public void Dispose()
    {
        _http.Dispose();
        _limiter?.Dispose();
        if (_ownsMetrics)
        {
            _metrics.Dispose();
        }
    }

    private async ValueTask AcquireAsync(CancellationToken cancellationToken)
    {
        if (_limiter is null)
        {
            return;
        }

        using var lease = _limiter.AttemptAcquire();
        if (lease.IsAcquired)
        {
            return;
        }

        _metrics.RateLimited(Configuration.Name);
        using var waited = await _limiter.AcquireAsync(1, cancellationToken);
    }

    // client-go's token bucket: 'burst' tokens refilled continuously at 'qps' per second.
    private static QpsRateLimiter CreateLimiter(double qps, int burst) => new(qps, burst);

    private static async Task<ApiStatus?> ReadStatusAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            return body.Length == 0 ? null : JsonSerializer.Deserialize(body, ClientJsonContext.Default.ApiStatus);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response, ApiStatus? status)
    {
        if (response.Headers.RetryAfter is { } header)
        {
            if (header.Delta is { } delta)
            {
                return delta;
            }

            if (header.Date is { } date)
            {
                var wait = date - DateTimeOffset.UtcNow;
                return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
            }
        }

        return status?.Details?.RetryAfterSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null;
    }

    internal static string Query(IEnumerable<(string Name, string? Value)> parameters)
    {
        var parts = parameters.Where(p => !string.IsNullOrEmpty(p.Value)).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}").ToList();
        return parts.Count == 0 ? string.Empty : "?" + string.Join('&', parts);
    }

    internal static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Verb} {Resource} answered {Code}; retrying after {Wait}")]
    private partial void LogRetry(string verb, string resource, int code, TimeSpan wait);
}
