using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Gimbal.Core.Kubernetes;
using Gimbal.Kubernetes.Serialization;

namespace Gimbal.Kubernetes.Watching;

/// <summary>Reads a watch stream: one JSON event per line, {"type": ..., "object": {...}}.</summary>
internal static class WatchStreamReader
{
    public static async IAsyncEnumerable<WatchEvent<T>> ReadAsync<T>(Stream stream, JsonTypeInfo<T> typeInfo, [EnumeratorCancellation] CancellationToken cancellationToken)
        where T : KubernetesObject
    {
        using var reader = new StreamReader(stream, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: false, bufferSize: 16 * 1024);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            yield return Parse(line, typeInfo);
        }
    }

    internal static WatchEvent<T> Parse<T>(string line, JsonTypeInfo<T> typeInfo)
        where T : KubernetesObject
    {
        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        var typeText = root.GetProperty("type").GetString();
        var type = typeText switch
        {
            "ADDED" => WatchEventType.Added,
            "MODIFIED" => WatchEventType.Modified,
            "DELETED" => WatchEventType.Deleted,
            "BOOKMARK" => WatchEventType.Bookmark,
            "ERROR" => WatchEventType.Error,
            _ => throw new JsonException($"unknown watch event type '{typeText}'"),
        };
        var obj = root.GetProperty("object");
        return type == WatchEventType.Error
            ? new WatchEvent<T>(type, null, obj.Deserialize(ClientJsonContext.Default.ApiStatus))
            : new WatchEvent<T>(type, obj.Deserialize(typeInfo));
    }
}
