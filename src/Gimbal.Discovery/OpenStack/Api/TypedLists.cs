using System.Text.Json;

namespace Gimbal.Discovery.OpenStack.Api;

/// <summary>Reads list elements one by one, so one malformed element is reported instead of failing the list.</summary>
internal static class TypedLists
{
    public static async Task<IReadOnlyList<T>> ReadAsync<T>(IAsyncEnumerable<JsonElement> elements, string collection, List<string> unreadable, CancellationToken cancellationToken)
        where T : class
    {
        var items = new List<T>();
        await foreach (var element in elements.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                if (element.Deserialize<T>(OpenStackJson.Options) is { } item)
                {
                    items.Add(item);
                }
            }
            catch (JsonException e)
            {
                unreadable.Add($"{collection}: an element could not be read ({e.Message})");
            }
        }

        return items;
    }
}
