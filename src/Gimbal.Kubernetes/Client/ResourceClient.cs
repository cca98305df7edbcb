using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gimbal.Core.Kubernetes;
using Gimbal.Kubernetes.Serialization;
using Gimbal.Kubernetes.Watching;

namespace Gimbal.Kubernetes.Client;

/// <summary>
/// The verbs of one resource type: get, list, create, replace, merge patch, delete, the status subresource, and watch.
/// Namespaced calls take the namespace; pass null to list or watch across all namespaces.
/// </summary>
public sealed class ResourceClient<T>
    where T : KubernetesObject
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private static readonly MediaTypeHeaderValue MergePatchJson = new("application/merge-patch+json");

    private readonly KubernetesClient _client;

    internal ResourceClient(KubernetesClient client, ResourceType<T> type)
    {
        _client = client;
        Type = type;
    }

    /// <summary>The resource type these verbs act on.</summary>
    public ResourceType<T> Type { get; }

    /// <summary>Reads one object; throws <see cref="Errors.KubernetesNotFoundException"/> when it does not exist.</summary>
    /// <param name="ns">The object's namespace; null for cluster-scoped resources.</param>
    /// <param name="name">The object's name.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<T> GetAsync(string? ns, string name, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, ItemPath(ns, name), "get", null, null, ReadObject, cancellationToken);

    /// <summary>One page (or all, without a limit) of the objects in a namespace, or in all namespaces when <paramref name="ns"/> is null.</summary>
    public Task<KubernetesList<T>> ListAsync(string? ns, ListOptions? options = null, CancellationToken cancellationToken = default)
    {
        var query = KubernetesClient.Query(
        [
            ("labelSelector", options?.LabelSelector),
            ("fieldSelector", options?.FieldSelector),
            ("limit", options?.Limit is { } limit ? KubernetesClient.Number(limit) : null),
            ("continue", options?.Continue),
            ("resourceVersion", options?.ResourceVersion),
            ("resourceVersionMatch", options?.ResourceVersionMatch),
        ]);
        return SendAsync(HttpMethod.Get, CollectionPath(ns) + query, "list", null, null, ReadList, cancellationToken);
    }

    /// <summary>Every object, following continue tokens page by page; the list's resourceVersion is the first page's.</summary>
    public async Task<KubernetesList<T>> ListAllAsync(string? ns, ListOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new ListOptions();
        var page = await ListAsync(ns, options, cancellationToken);
        if (string.IsNullOrEmpty(page.Metadata.Continue))
        {
            return page;
        }

        var items = new List<T>(page.Items);
        var first = page.Metadata;
        while (!string.IsNullOrEmpty(page.Metadata.Continue))
        {
            page = await ListAsync(ns, options with { Continue = page.Metadata.Continue, ResourceVersion = null }, cancellationToken);
            items.AddRange(page.Items);
        }

        return page with { Items = items, Metadata = first with { Continue = null, RemainingItemCount = null } };
    }

    /// <summary>Creates the object in its metadata.namespace; generateName is honoured.</summary>
    public Task<T> CreateAsync(T obj, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, CollectionPath(NamespaceOf(obj)), "create", Serialize(obj), Json, ReadObject, cancellationToken);

    /// <summary>Replaces the object; a metadata.resourceVersion makes it conditional (409 Conflict when stale).</summary>
    public Task<T> ReplaceAsync(T obj, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Put, ItemPath(NamespaceOf(obj), NameOf(obj)), "update", Serialize(obj), Json, ReadObject, cancellationToken);

    /// <summary>Replaces only the status (the server keeps the spec).</summary>
    public Task<T> ReplaceStatusAsync(T obj, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Put, ItemPath(NamespaceOf(obj), NameOf(obj)) + "/status", "update", Serialize(obj), Json, ReadObject, cancellationToken, "/status");

    /// <summary>A JSON merge patch (RFC 7386); a metadata.resourceVersion in it is a precondition.</summary>
    public Task<T> PatchAsync(string? ns, string name, JsonNode patch, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Patch, ItemPath(ns, name), "patch", Encoding.UTF8.GetBytes(patch.ToJsonString()), MergePatchJson, ReadObject, cancellationToken);

    /// <summary>A JSON merge patch (RFC 7386) of the status subresource only; the spec is left as it is.</summary>
    public Task<T> PatchStatusAsync(string? ns, string name, JsonNode patch, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Patch, ItemPath(ns, name) + "/status", "patch", Encoding.UTF8.GetBytes(patch.ToJsonString()), MergePatchJson, ReadObject, cancellationToken, "/status");

    /// <summary>Deletes the object; preconditions in <paramref name="options"/> make it conditional (409 when they fail).</summary>
    public Task DeleteAsync(string? ns, string name, DeleteOptions? options = null, CancellationToken cancellationToken = default)
    {
        byte[]? body = null;
        if (options is not null)
        {
            var preconditions = options.PreconditionUid is null && options.PreconditionResourceVersion is null
                ? null
                : new DeletePreconditions(options.PreconditionUid, options.PreconditionResourceVersion);
            body = JsonSerializer.SerializeToUtf8Bytes(
                new DeleteOptionsBody { Preconditions = preconditions, PropagationPolicy = options.PropagationPolicy, GracePeriodSeconds = options.GracePeriodSeconds },
                ClientJsonContext.Default.DeleteOptionsBody);
        }

        return SendAsync(HttpMethod.Delete, ItemPath(ns, name), "delete", body, body is null ? null : Json, static (_, _) => Task.FromResult(true), cancellationToken);
    }

    /// <summary>
    /// Streams watch events until the server ends the watch, the connection drops, or cancellation.
    /// ERROR events are yielded (a 410 Expired one means the resourceVersion is too old: re-list).
    /// </summary>
    public async IAsyncEnumerable<WatchEvent<T>> WatchAsync(string? ns, WatchOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var query = KubernetesClient.Query(
        [
            ("watch", "true"),
            ("resourceVersion", options?.ResourceVersion),
            ("allowWatchBookmarks", options?.AllowWatchBookmarks == true ? "true" : null),
            ("timeoutSeconds", options?.TimeoutSeconds is { } t ? KubernetesClient.Number(t) : null),
            ("labelSelector", options?.LabelSelector),
            ("fieldSelector", options?.FieldSelector),
        ]);
        var path = CollectionPath(ns) + query;
        using var response = await _client.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, path), "watch", Type.Plural, cancellationToken);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        await foreach (var e in WatchStreamReader.ReadAsync(stream, Type.TypeInfo, cancellationToken))
        {
            yield return e;
        }
    }

    private Task<TResult> SendAsync<TResult>(
        HttpMethod method,
        string path,
        string verb,
        byte[]? body,
        MediaTypeHeaderValue? contentType,
        Func<HttpContent, CancellationToken, Task<TResult>> read,
        CancellationToken cancellationToken,
        string subresource = "") =>
        _client.ExecuteAsync(
            () =>
            {
                var request = new HttpRequestMessage(method, path);
                if (body is not null)
                {
                    request.Content = new ByteArrayContent(body);
                    request.Content.Headers.ContentType = contentType;
                }

                return request;
            },
            verb,
            Type.Plural + subresource,
            read,
            cancellationToken);

    private async Task<T> ReadObject(HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        return await JsonSerializer.DeserializeAsync(stream, Type.TypeInfo, cancellationToken)
            ?? throw new JsonException($"the API server answered null for a {Type.Plural} object");
    }

    private async Task<KubernetesList<T>> ReadList(HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        return await JsonSerializer.DeserializeAsync(stream, Type.ListTypeInfo, cancellationToken)
            ?? throw new JsonException($"the API server answered null for a {Type.Plural} list");
    }

    private byte[] Serialize(T obj) => JsonSerializer.SerializeToUtf8Bytes(obj, Type.TypeInfo);

    private string CollectionPath(string? ns) =>
        Type.Namespaced && !string.IsNullOrEmpty(ns)
            ? $"{Type.ApiPath}/namespaces/{Uri.EscapeDataString(ns)}/{Type.Plural}"
            : $"{Type.ApiPath}/{Type.Plural}";

    private string ItemPath(string? ns, string name)
    {
        if (Type.Namespaced && string.IsNullOrEmpty(ns))
        {
            throw new ArgumentException($"{Type.Plural} are namespaced: a namespace is required", nameof(ns));
        }

        ArgumentException.ThrowIfNullOrEmpty(name);
        return $"{CollectionPath(ns)}/{Uri.EscapeDataString(name)}";
    }

    private string? NamespaceOf(T obj) => Type.Namespaced ? obj.Metadata.Namespace : null;

    private static string NameOf(T obj) =>
        obj.Metadata.Name is { Length: > 0 } name ? name : throw new ArgumentException("metadata.name is required", nameof(obj));
}
