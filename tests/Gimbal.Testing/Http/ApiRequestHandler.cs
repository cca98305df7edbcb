using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gimbal.Testing.Faults;
using Gimbal.Testing.Resources;
using Gimbal.Testing.Selectors;
using Gimbal.Testing.Storage;
using Microsoft.AspNetCore.Http;

namespace Gimbal.Testing.Http;

/// <summary>Answers every request of the test API server: discovery, resource verbs and watch streams.</summary>
internal sealed class ApiRequestHandler(ObjectStore store, ResourceCatalog catalog, FaultInjector faults, KubeApiTestServerOptions options, RequestLog log)
{
    private static readonly string[] NameAndNamespace = ["metadata.name", "metadata.namespace"];
    private static readonly string[] SecretFields = ["metadata.name", "metadata.namespace", "type"];

    public async Task HandleAsync(HttpContext context)
    {
        log.Record(context);
        try
        {
            if (faults.Delay > TimeSpan.Zero)
            {
                await Task.Delay(faults.Delay, context.RequestAborted);
            }

            if (faults.TakeFailure() is { } failure)
            {
                throw Injected(failure.Code, failure.RetryAfter);
            }

            Authenticate(context);
            await DispatchAsync(context);
        }
        catch (ApiError error) when (!context.Response.HasStarted)
        {
            if (error.RetryAfter is { } retryAfter)
            {
                context.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            }

            await ResponseWriter.JsonAsync(context, error.Code, error.Status);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away.
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or JsonException && !context.Response.HasStarted)
        {
            // A field of the wrong JSON type: the real server fails to decode the body.
            await ResponseWriter.JsonAsync(context, 400, StatusBodies.BadRequest($"the object provided is unrecognized: {e.Message}").Status);
        }
        catch (Exception e) when (!context.Response.HasStarted)
        {
            await ResponseWriter.JsonAsync(context, 500, StatusBodies.Failure(500, "InternalError", $"Internal error occurred: {e.Message}", new JsonObject { ["causes"] = new JsonArray(new JsonObject { ["message"] = e.Message }) }));
        }
    }

    private void Authenticate(HttpContext context)
    {
        var tokenAuth = options.BearerTokens.Count > 0;
        var certAuth = options.ClientCertificateAuthority is not null;
        if (!tokenAuth && !certAuth)
        {
            return;
        }

        // Kestrel has already checked the chain against the CA; a certificate here is a valid one.
        if (certAuth && context.Connection.ClientCertificate is not null)
        {
            return;
        }

        var header = context.Request.Headers.Authorization.ToString();
        if (tokenAuth && header.StartsWith("Bearer ", StringComparison.Ordinal) && options.BearerTokens.Contains(header[7..].Trim()))
        {
            return;
        }

        throw StatusBodies.Unauthorized();
    }

    private async Task DispatchAsync(HttpContext context)
    {
        var request = context.Request;
        var segments = request.Path.Value!.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
        var discovery = segments switch
        {
            ["version"] => DiscoveryDocuments.Version(),
            ["api"] => DiscoveryDocuments.CoreVersions($"{context.Connection.LocalIpAddress}:{context.Connection.LocalPort}"),
            ["api", "v1"] => DiscoveryDocuments.Resources(catalog, string.Empty, "v1"),
            ["apis"] => DiscoveryDocuments.Groups(catalog),
            ["apis", var g, var v] => DiscoveryDocuments.Resources(catalog, g, v) ?? throw StatusBodies.UnknownPath(),
            _ => null,
        };
        if (discovery is not null)
        {
            if (!HttpMethods.IsGet(request.Method))
            {
                throw StatusBodies.MethodNotAllowed();
            }

            await ResponseWriter.JsonAsync(context, 200, discovery);
            return;
        }

        var path = ApiPath.Parse(catalog, segments) ?? throw StatusBodies.UnknownPath();
        if (path.Subresource is not null && (path.Subresource != "status" || !path.Resource.HasStatus))
        {
            throw StatusBodies.UnknownPath();
        }

        var method = request.Method;
        if (path.Name is null)
        {
            if (HttpMethods.IsGet(method))
            {
                if (IsTrue(request.Query["watch"]))
                {
                    await WatchAsync(context, path);
                }
                else
                {
                    await ListAsync(context, path);
                }
            }
            else if (HttpMethods.IsPost(method) && (path.Namespace is not null || !path.Resource.Namespaced))
            {
                var created = store.Create(path.Resource, path.Namespace, await ReadObjectAsync(context, path.Resource));
                await ResponseWriter.ObjectAsync(context, 201, created);
            }
            else
            {
                throw StatusBodies.MethodNotAllowed();
            }

            return;
        }

        var status = path.Subresource == "status";
        var ns = path.Resource.Namespaced ? path.Namespace : string.Empty;
        switch (method)
        {
            case "GET":
                await ResponseWriter.ObjectAsync(context, 200, store.Get(path.Resource, ns ?? string.Empty, path.Name));
                break;
            case "PUT":
                var replaced = store.Replace(path.Resource, path.Namespace, path.Name, await ReadObjectAsync(context, path.Resource), status);
                await ResponseWriter.ObjectAsync(context, 200, replaced);
                break;
            case "PATCH":
                var contentType = request.ContentType?.Split(';')[0].Trim();
                if (contentType is not ("application/merge-patch+json" or "application/strategic-merge-patch+json"))
                {
                    throw StatusBodies.UnsupportedMediaType();
                }

                var patch = await ReadNodeAsync(context, path.Resource) ?? throw StatusBodies.BadRequest("empty patch");
                await ResponseWriter.ObjectAsync(context, 200, store.Patch(path.Resource, path.Namespace, path.Name, patch, status));
                break;
            case "DELETE" when !status:
                var options = await ReadNodeAsync(context, path.Resource, allowEmpty: true);
                var preconditions = options?["preconditions"];
                var (deleted, returnObject) = store.Delete(path.Resource, path.Namespace, path.Name, (string?)preconditions?["uid"], (string?)preconditions?["resourceVersion"]);
                if (returnObject)
                {
                    await ResponseWriter.ObjectAsync(context, 200, deleted);
                }
                else
                {
                    await ResponseWriter.JsonAsync(context, 200, StatusBodies.DeleteSuccess(path.Resource, deleted.Name, deleted.Uid));
                }

                break;
            default:
                throw StatusBodies.MethodNotAllowed();
        }
    }

    private async Task ListAsync(HttpContext context, ApiPath path)
    {
        var query = context.Request.Query;
        var (labels, fields) = Selectors(context, path.Resource);
        var resourceVersion = (string?)query["resourceVersion"];
        var match = (string?)query["resourceVersionMatch"];
        if (!string.IsNullOrEmpty(match) && string.IsNullOrEmpty(resourceVersion))
        {
            var details = new JsonObject
            {
                ["group"] = "meta.k8s.io",
                ["kind"] = "ListOptions",
                ["causes"] = new JsonArray(new JsonObject
                {
                    ["reason"] = "FieldValueForbidden",
                    ["message"] = "Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided",
                    ["field"] = "resourceVersionMatch",
                }),
            };
            throw new ApiError(422, StatusBodies.Failure(422, "Invalid", "ListOptions.meta.k8s.io \"\" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided", details));
        }

        if (match == "Exact" && long.TryParse(resourceVersion, CultureInfo.InvariantCulture, out var exact) && exact != store.Revision)
        {
            // History is not kept for lists; an exact read of anything but the present is as good as compacted.
            throw StatusBodies.Expired("The resourceVersion for the provided list is too old.");
        }

        if (match != "Exact" && long.TryParse(resourceVersion, CultureInfo.InvariantCulture, out var wanted) && wanted > store.Revision)
        {
            // The real server waits about 3 s for its watch cache to catch up, then gives up with 504 and Retry-After.
            await Task.Delay(options.TooLargeResourceVersionWait, options.Clock, context.RequestAborted);
            if (wanted > store.Revision)
            {
                var details = new JsonObject
                {
                    ["causes"] = new JsonArray(new JsonObject { ["reason"] = "ResourceVersionTooLarge", ["message"] = "Too large resource version" }),
                    ["retryAfterSeconds"] = 1,
                };
                throw new ApiError(504, StatusBodies.Failure(504, "Timeout", $"Timeout: Too large resource version: {wanted}, current: {store.Revision}", details), TimeSpan.FromSeconds(1));
            }
        }

        var limit = int.TryParse(query["limit"], CultureInfo.InvariantCulture, out var l) && resourceVersion != "0" ? l : 0;
        var page = store.List(path.Resource, path.Namespace, labels, fields, limit, query["continue"]);
        await ResponseWriter.ListAsync(context, path.Resource, page);
    }

    private async Task WatchAsync(HttpContext context, ApiPath path)
    {
        var query = context.Request.Query;
        var (labels, fields) = Selectors(context, path.Resource);
        var start = store.Watch(path.Resource, path.Namespace, labels, fields, query["resourceVersion"]);
        ResponseWriter.Headers(context.Response, 200);
        await context.Response.StartAsync(context.RequestAborted);
        var body = context.Response.Body;
        if (start.Error is not null)
        {
            await WriteLineAsync(body, "ERROR", Encoding.UTF8.GetBytes(start.Error.ToJsonString()), context.RequestAborted);
            return;
        }

        var subscription = start.Subscription!;
        var bookmarks = IsTrue(query["allowWatchBookmarks"]);
        var timeout = int.TryParse(query["timeoutSeconds"], CultureInfo.InvariantCulture, out var seconds) && seconds > 0 ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
        var clock = options.Clock;
        var began = clock.GetUtcNow();
        var nextBookmark = began + options.BookmarkInterval;
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        if (timeout is { } t)
        {
            ended.CancelAfter(t);
        }

        try
        {
            while (true)
            {
                while (subscription.Lines.TryRead(out var line))
                {
                    await WriteLineAsync(body, line.Type, line.Object, context.RequestAborted);
                }

                var waitRead = subscription.Lines.WaitToReadAsync(ended.Token).AsTask();
                if (bookmarks)
                {
                    var untilBookmark = nextBookmark - clock.GetUtcNow();
                    using var bookmarkTimer = CancellationTokenSource.CreateLinkedTokenSource(ended.Token);
                    var delay = Task.Delay(untilBookmark > TimeSpan.Zero ? untilBookmark : TimeSpan.Zero, clock, bookmarkTimer.Token);
                    var first = await Task.WhenAny(waitRead, delay);
                    bookmarkTimer.Cancel();
                    if (first == delay && !ended.IsCancellationRequested)
                    {
                        nextBookmark = clock.GetUtcNow() + options.BookmarkInterval;
                        await WriteBookmarkAsync(body, path, Math.Max(start.From, store.LastRevision(path.Resource)), context.RequestAborted);
                        continue;
                    }
                }

                if (!await waitRead)
                {
                    if (subscription.Aborted)
                    {
                        context.Abort();
                    }

                    return;
                }
            }
        }
        catch (OperationCanceledException) when (ended.IsCancellationRequested && !context.RequestAborted.IsCancellationRequested)
        {
            // timeoutSeconds ran out: the stream ends cleanly with no final event.
        }
        finally
        {
            store.Unsubscribe(subscription);
        }
    }

    private static async Task WriteBookmarkAsync(Stream body, ApiPath path, long revision, CancellationToken cancellationToken)
    {
        // An empty object of the watched kind, as Go writes a zero value (structs that are not omitempty stay).
        var zero = path.Resource.Kind switch
        {
            "Service" or "Ingress" => ",\"spec\":{},\"status\":{\"loadBalancer\":{}}",
            "Namespace" => ",\"spec\":{},\"status\":{}",
            _ => string.Empty,
        };
        var obj = $"{{\"kind\":\"{path.Resource.Kind}\",\"apiVersion\":\"{path.Resource.GroupVersion}\",\"metadata\":{{\"resourceVersion\":\"{revision}\",\"creationTimestamp\":null}}{zero}}}";
        await WriteLineAsync(body, "BOOKMARK", Encoding.UTF8.GetBytes(obj), cancellationToken);
    }

    private static async Task WriteLineAsync(Stream body, string type, byte[] obj, CancellationToken cancellationToken)
    {
        await body.WriteAsync(Encoding.UTF8.GetBytes($"{{\"type\":\"{type}\",\"object\":"), cancellationToken);
        await body.WriteAsync(obj, cancellationToken);
        await body.WriteAsync("}\n"u8.ToArray(), cancellationToken);
        await body.FlushAsync(cancellationToken);
    }

    private static (LabelSelector, FieldSelector) Selectors(HttpContext context, ApiResource resource) =>
        (LabelSelector.Parse(context.Request.Query["labelSelector"]),
         FieldSelector.Parse(context.Request.Query["fieldSelector"], resource == ResourceCatalog.Secrets ? SecretFields : NameAndNamespace));

    private static async Task<JsonObject> ReadObjectAsync(HttpContext context, ApiResource resource) =>
        await ReadNodeAsync(context, resource) as JsonObject
        ?? throw StatusBodies.BadRequest($"the object provided is unrecognized (must be of type {resource.Kind}): couldn't get version/kind; json parse error: not an object");

    private static async Task<JsonNode?> ReadNodeAsync(HttpContext context, ApiResource resource, bool allowEmpty = false)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(context.RequestAborted);
        if (allowEmpty && string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            var excerpt = text.Length > 30 ? text[..30] + " ..." : text;
            throw StatusBodies.BadRequest($"the object provided is unrecognized (must be of type {resource.Kind}): couldn't get version/kind; json parse error: unexpected end of JSON input ({excerpt})");
        }
    }

    private static bool IsTrue(string? value) => value is "1" or "true" or "True";

    private static ApiError Injected(int code, TimeSpan? retryAfter)
    {
        var reason = code switch
        {
            400 => "BadRequest",
            401 => "Unauthorized",
            403 => "Forbidden",
            404 => "NotFound",
            409 => "Conflict",
            410 => "Expired",
            429 => "TooManyRequests",
            500 => "InternalError",
            503 => "ServiceUnavailable",
            504 => "Timeout",
            _ => "Unknown",
        };
        var details = new JsonObject();
        if (retryAfter is { } r)
        {
            details["retryAfterSeconds"] = (int)Math.Ceiling(r.TotalSeconds);
        }

        return new ApiError(code, StatusBodies.Failure(code, reason, $"injected fault: {reason}", details), retryAfter);
    }
}
