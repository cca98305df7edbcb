using Gimbal.Core.Kubernetes;

namespace Gimbal.Kubernetes.Informers;

/// <summary>
/// The informer's thread-safe copy of the objects, indexed by namespace/name, by namespace, and by the values
/// of chosen label keys (other label lookups scan: an index entry per distinct value costs memory on large caches).
/// Readers get snapshots; only the informer writes.
/// </summary>
public sealed class InformerCache<T>(IReadOnlyCollection<string>? indexedLabels = null)
    where T : KubernetesObject
{
    private readonly HashSet<string> _indexedLabels = new(indexedLabels ?? [], StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly Dictionary<string, T> _byKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _byNamespace = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Key, string Value), HashSet<string>> _byLabel = [];

    /// <summary>How many objects are cached.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _byKey.Count;
            }
        }
    }

    /// <summary>The object by namespace and name (namespace null or empty for cluster-scoped objects).</summary>
    public T? Get(string? ns, string name)
    {
        lock (_gate)
        {
            return _byKey.GetValueOrDefault(Key(ns ?? string.Empty, name));
        }
    }

    /// <summary>The object by its key: "namespace/name", or "name" for cluster-scoped objects.</summary>
    public T? GetByKey(string key)
    {
        lock (_gate)
        {
            return _byKey.GetValueOrDefault(key);
        }
    }

    /// <summary>A snapshot of every cached object, in no particular order.</summary>
    public IReadOnlyList<T> List()
    {
        lock (_gate)
        {
            return [.. _byKey.Values];
        }
    }

    /// <summary>A snapshot of every cached key ("namespace/name", or "name" for cluster-scoped objects).</summary>
    public IReadOnlyList<string> Keys()
    {
        lock (_gate)
        {
            return [.. _byKey.Keys];
        }
    }

    /// <summary>A snapshot of the cached objects in one namespace (empty string for cluster-scoped objects); empty when there are none.</summary>
    /// <param name="ns">The namespace.</param>
    public IReadOnlyList<T> ListByNamespace(string ns)
    {
        lock (_gate)
        {
            return _byNamespace.TryGetValue(ns, out var keys) ? [.. keys.Select(k => _byKey[k])] : [];
        }
    }

    /// <summary>
    /// A snapshot of the cached objects whose label <paramref name="label"/> equals <paramref name="value"/>:
    /// an index lookup when the key is in <see cref="InformerOptions.IndexedLabels"/>, a scan of every object otherwise.
    /// </summary>
    /// <param name="label">The label key.</param>
    /// <param name="value">The exact label value.</param>
    public IReadOnlyList<T> ListByLabel(string label, string value)
    {
        lock (_gate)
        {
            if (!_indexedLabels.Contains(label))
            {
                return [.. _byKey.Values.Where(o => o.Metadata.Labels?.TryGetValue(label, out var v) == true && v == value)];
            }

            return _byLabel.TryGetValue((label, value), out var keys) ? [.. keys.Select(k => _byKey[k])] : [];
        }
    }

    /// <summary>Stores the object; returns what it replaced.</summary>
    internal T? Upsert(T obj)
    {
        var key = obj.Key;
        lock (_gate)
        {
            if (_byKey.TryGetValue(key, out var old))
            {
                Unindex(key, old);
            }

            _byKey[key] = obj;
            Index(key, obj);
            return old;
        }
    }

    internal T? Remove(string key)
    {
        lock (_gate)
        {
            if (!_byKey.Remove(key, out var old))
            {
                return null;
            }

            Unindex(key, old);
            return old;
        }
    }

    private void Index(string key, T obj)
    {
        var ns = obj.Metadata.Namespace ?? string.Empty;
        if (!_byNamespace.TryGetValue(ns, out var inNamespace))
        {
            inNamespace = new HashSet<string>(StringComparer.Ordinal);
            _byNamespace[ns] = inNamespace;
        }

        inNamespace.Add(key);
        if (obj.Metadata.Labels is null)
        {
            return;
        }

        foreach (var (label, value) in obj.Metadata.Labels)
        {
            if (!_indexedLabels.Contains(label))
            {
                continue;
            }

            if (!_byLabel.TryGetValue((label, value), out var labelled))
            {
                labelled = new HashSet<string>(StringComparer.Ordinal);
                _byLabel[(label, value)] = labelled;
            }

            labelled.Add(key);
        }
    }

    private void Unindex(string key, T obj)
    {
        var ns = obj.Metadata.Namespace ?? string.Empty;
        if (_byNamespace.TryGetValue(ns, out var inNamespace) && inNamespace.Remove(key) && inNamespace.Count == 0)
        {
            _byNamespace.Remove(ns);
        }

        if (obj.Metadata.Labels is null)
        {
            return;
        }

        foreach (var (label, value) in obj.Metadata.Labels)
        {
            if (_byLabel.TryGetValue((label, value), out var labelled) && labelled.Remove(key) && labelled.Count == 0)
            {
                _byLabel.Remove((label, value));
            }
        }
    }

    private static string Key(string ns, string name) => ns.Length > 0 ? $"{ns}/{name}" : name;
}
