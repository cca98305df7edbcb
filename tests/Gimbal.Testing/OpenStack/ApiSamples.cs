using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace Gimbal.Testing.OpenStack;

/// <summary>
/// The OpenStack API reference's own sample bodies (Samples/, see its README for where each came from), used as
/// templates: the fake server clones a sample object and overwrites only the fields its state decides, so every
/// other field has the shape and values the API reference documents.
/// </summary>
internal sealed class ApiSamples
{
    private const string Prefix = "Gimbal.Testing.OpenStack.Samples.";
    private readonly ConcurrentDictionary<string, JsonNode> _cache = new(StringComparer.Ordinal);

    /// <summary>A fresh copy of a sample, e.g. Load("octavia/member-show-response.json").</summary>
    public JsonNode Load(string name) => _cache.GetOrAdd(name, static n => Read(n)).DeepClone();

    /// <summary>The object under <paramref name="key"/> of a "show" sample.</summary>
    public JsonObject Show(string name, string key) => Load(name)[key]!.AsObject().DeepClone().AsObject();

    /// <summary>The first element of the list under <paramref name="key"/> of a "list" sample.</summary>
    public JsonObject FirstOfList(string name, string key) => Load(name)[key]![0]!.AsObject().DeepClone().AsObject();

    private static JsonNode Read(string name)
    {
        using var stream = typeof(ApiSamples).Assembly.GetManifestResourceStream(Prefix + name)
            ?? throw new InvalidOperationException($"sample {name} is not embedded");
        return JsonNode.Parse(stream) ?? throw new InvalidOperationException($"sample {name} is empty");
    }
}
