using System.Globalization;
using System.Text.Json.Nodes;
using Gimbal.Testing.Http;
using Gimbal.Testing.Resources;
using Gimbal.Testing.Selectors;
using Gimbal.Testing.Validation;

namespace Gimbal.Testing.Storage;

/// <summary>
/// Every object of the test server under one lock, with one global resourceVersion (like the etcd revision),
/// a bounded history of changes per resource type for watch resumption, and the live watches.
/// </summary>
internal sealed class ObjectStore(TimeProvider clock, int historyLimit)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ResourceState> _states = new(StringComparer.Ordinal);
    private long _revision = 1;
    private long _compactedRevision;
    private int _nextClusterIp;

    public long Revision
    {
        get
        {
            lock (_gate)
            {
                return _revision;
            }
        }
    }

    public StoredObject Get(ApiResource resource, string ns, string name)
    {
        lock (_gate)
        {
            return State(resource).Objects.GetValueOrDefault(Key(ns, name)) ?? throw StatusBodies.NotFound(resource, name);
        }
    }

    public StoredObject? Find(ApiResource resource, string ns, string name)
    {
        lock (_gate)
        {
            return State(resource).Objects.GetValueOrDefault(Key(ns, name));
        }
    }

    public ListPage List(ApiResource resource, string? ns, LabelSelector labels, FieldSelector fields, int limit, string? continueToken)
    {
        lock (_gate)
        {
            var start = string.Empty;
            var listRevision = _revision;
            if (!string.IsNullOrEmpty(continueToken))
            {
                var token = ContinueToken.Decode(continueToken);
                if (token.Revision < _compactedRevision)
                {
                    throw ContinueTooOld(token.Start);
                }

                start = token.Start;
                listRevision = token.Revision;
            }

            var state = State(resource);
            var keys = state.SortedKeys();
            var prefix = ns is null || !resource.Namespaced ? string.Empty : ns + "/";
            var from = LowerBound(keys, prefix + start);
            var to = prefix.Length > 0 ? LowerBound(keys, prefix + "\uffff") : keys.Length;

            // Like the real server: remainingItemCount only when no selector filters the rest.
            var selective = !ReferenceEquals(labels, LabelSelector.Everything) || !ReferenceEquals(fields, FieldSelector.Everything);
            var items = new List<StoredObject>();
            long? remaining = null;
            var more = false;
            string? lastKey = null;
            for (var i = from; i < to; i++)
            {
                var obj = state.Objects[keys[i]];
                if (selective && (!labels.Matches(obj.Labels) || !fields.Matches(obj.Field)))
                {
                    continue;
                }

                if (limit > 0 && items.Count >= limit)
                {
                    more = true;
                    remaining = selective ? null : to - i;
                    break;
                }

                items.Add(obj);
                lastKey = ns is null ? obj.Key : obj.Name;
            }

            var next = more ? ContinueToken.Encode(listRevision, lastKey! + "\u0000") : null;
            return new ListPage(items, listRevision, next, remaining);
        }
    }

    private static int LowerBound(string[] keys, string key)
    {
        var index = Array.BinarySearch(keys, key, StringComparer.Ordinal);
        return index >= 0 ? index : ~index;
    }
    public StoredObject Create(ApiResource resource, string? urlNamespace, JsonObject obj)
    {
        var meta = ObjectCodec.Metadata(obj);
        var ns = CheckNamespace(resource, urlNamespace, meta);
        lock (_gate)
        {
            if ((string?)meta["name"] is null or "" && (string?)meta["generateName"] is { Length: > 0 } prefix)
            {
                meta["name"] = prefix + RandomSuffix();
            }

            ObjectDefaulter.NormalizeSecret(resource, obj);
            if (resource.HasStatus)
            {
                obj.Remove("status");
            }

            // Defaults come before validation, as in the real server (a defaulted targetPort is validated too).
            ObjectDefaulter.OnCreate(resource, obj, AllocateClusterIp);
            var errors = ObjectValidator.Validate(resource, obj, null);
            if (errors.Count > 0)
            {
                throw StatusBodies.Invalid(resource, (string?)meta["name"] ?? string.Empty, errors);
            }

            var name = (string)meta["name"]!;
            if (resource.Namespaced && !State(ResourceCatalog.Namespaces).Objects.ContainsKey(ns))
            {
                throw StatusBodies.NamespaceNotFound(ns);
            }

            var state = State(resource);
            if (state.Objects.ContainsKey(Key(ns, name)))
            {
                throw StatusBodies.AlreadyExists(resource, name);
            }
            meta["uid"] = Guid.NewGuid().ToString();
            meta["creationTimestamp"] = Timestamp();
            meta.Remove("deletionTimestamp");
            if (resource.HasGeneration)
            {
                meta["generation"] = 1;
            }
            else
            {
                meta.Remove("generation");
            }

            return Commit(resource, "ADDED", obj, null);
        }
    }

    public StoredObject Replace(ApiResource resource, string? urlNamespace, string name, JsonObject obj, bool status)
    {
        var meta = ObjectCodec.Metadata(obj);
        var ns = CheckNamespace(resource, urlNamespace, meta);
        if ((string?)meta["name"] is { } bodyName && bodyName != name)
        {
            throw StatusBodies.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({name})");
        }

        meta["name"] = name;
        lock (_gate)
        {
            var existing = State(resource).Objects.GetValueOrDefault(Key(ns, name));
            if (existing is null)
            {
                if (resource == ResourceCatalog.Endpoints && !status)
                {
                    meta.Remove("resourceVersion");
                    return Create(resource, urlNamespace, obj);
                }

                throw StatusBodies.NotFound(resource, name);
            }

            var requested = (string?)meta["resourceVersion"];
            if (string.IsNullOrEmpty(requested) && resource == ResourceCatalog.Services)
            {
                var cause = FieldError.Invalid("metadata.resourceVersion", string.Empty, "must be specified for an update");
                throw StatusBodies.Invalid(resource, name, [cause, cause]);
            }

            if (!string.IsNullOrEmpty(requested) && requested != existing.ResourceVersion.ToString(CultureInfo.InvariantCulture))
            {
                throw StatusBodies.Conflict(resource, name);
            }

            return Update(resource, existing, obj, status);
        }
    }

    public StoredObject Patch(ApiResource resource, string? urlNamespace, string name, JsonNode patch, bool status)
    {
        var ns = resource.Namespaced ? urlNamespace ?? string.Empty : string.Empty;
        lock (_gate)
        {
            var existing = State(resource).Objects.GetValueOrDefault(Key(ns, name)) ?? throw StatusBodies.NotFound(resource, name);
            if (patch["metadata"]?["resourceVersion"] is JsonValue rv && (string?)rv != existing.ResourceVersion.ToString(CultureInfo.InvariantCulture))
            {
                throw StatusBodies.Conflict(resource, name);
            }

            var merged = MergePatch.Apply(existing.ToNode(), patch) as JsonObject ?? throw StatusBodies.BadRequest("the patch did not produce an object");
            var meta = ObjectCodec.Metadata(merged);
            meta["name"] = name;
            if (resource.Namespaced)
            {
                meta["namespace"] = ns;
            }

            return Update(resource, existing, merged, status);
        }
    }

    public (StoredObject Object, bool ReturnObject) Delete(ApiResource resource, string? urlNamespace, string name, string? uidPrecondition, string? rvPrecondition)
    {
        var ns = resource.Namespaced ? urlNamespace ?? string.Empty : string.Empty;
        lock (_gate)
        {
            var state = State(resource);
            var existing = state.Objects.GetValueOrDefault(Key(ns, name)) ?? throw StatusBodies.NotFound(resource, name);
            if (uidPrecondition is not null && uidPrecondition != existing.Uid)
            {
                throw StatusBodies.PreconditionFailed(resource, name, $"the UID in the precondition ({uidPrecondition}) does not match the UID in record ({existing.Uid}). The object might have been deleted and then recreated");
            }

            if (rvPrecondition is not null && rvPrecondition != existing.ResourceVersion.ToString(CultureInfo.InvariantCulture))
            {
                throw StatusBodies.PreconditionFailed(resource, name, $"the ResourceVersion in the precondition ({rvPrecondition}) does not match the ResourceVersion in record ({existing.ResourceVersion}). The object might have been modified");
            }

            if (resource != ResourceCatalog.Namespaces)
            {
                return (Remove(resource, existing), false);
            }

            // Namespaces go through Terminating; with no namespace controller running, the test server plays
            // its part at once: contents are deleted, then the namespace itself.
            var terminating = existing.ToNode();
            ObjectCodec.Metadata(terminating)["deletionTimestamp"] = Timestamp();
            terminating["status"] = new JsonObject { ["phase"] = "Terminating" };
            var answer = Commit(resource, "MODIFIED", terminating, existing);
            foreach (var other in _states.Values.Where(s => s.Resource.Namespaced))
            {
                foreach (var obj in other.Objects.Values.Where(o => o.Namespace == name).ToList())
                {
                    Remove(other.Resource, obj);
                }
            }

            Remove(resource, answer);
            return (answer, true);
        }
    }

    public WatchStart Watch(ApiResource resource, string? ns, LabelSelector labels, FieldSelector fields, string? resourceVersion)
    {
        var subscription = new WatchSubscription(resource, ns, labels, fields);
        lock (_gate)
        {
            var state = State(resource);
            long from;
            if (string.IsNullOrEmpty(resourceVersion) || resourceVersion == "0")
            {
                foreach (var obj in state.Objects.Values.Where(subscription.Matches))
                {
                    subscription.Send("ADDED", obj);
                }

                from = _revision;
            }
            else
            {
                if (!long.TryParse(resourceVersion, NumberStyles.None, CultureInfo.InvariantCulture, out from))
                {
                    throw StatusBodies.BadRequest($"invalid resource version: strconv.ParseUint: parsing \"{resourceVersion}\": invalid syntax");
                }

                if (from < state.MinResumable)
                {
                    return new WatchStart(null, StatusBodies.Failure(410, "Expired", $"too old resource version: {from} ({state.MinResumable + 1})", null, withDetails: false), from);
                }

                foreach (var change in state.History.Where(c => c.ResourceVersion > from))
                {
                    subscription.Deliver(change);
                }
            }

            subscription.From = from;
            state.Watchers.Add(subscription);
            return new WatchStart(subscription, null, from);
        }
    }

    public void Unsubscribe(WatchSubscription subscription)
    {
        lock (_gate)
        {
            State(subscription.Resource).Watchers.Remove(subscription);
        }
    }

    /// <summary>The newest resourceVersion a watch of this type has seen, for bookmarks.</summary>
    public long LastRevision(ApiResource resource)
    {
        lock (_gate)
        {
            return State(resource).LastRevision;
        }
    }

    public int CloseAllWatches(bool abort)
    {
        lock (_gate)
        {
            var count = 0;
            foreach (var state in _states.Values)
            {
                foreach (var watcher in state.Watchers)
                {
                    watcher.Close(abort);
                    count++;
                }

                state.Watchers.Clear();
            }

            return count;
        }
    }

    /// <summary>Forgets every change so far: resuming a watch from an older resourceVersion, or continuing an old list, gives 410.</summary>
    public void Compact()
    {
        lock (_gate)
        {
            _compactedRevision = _revision;
            foreach (var state in _states.Values)
            {
                state.History.Clear();
                state.MinResumable = _revision;
            }
        }
    }

    private StoredObject Update(ApiResource resource, StoredObject existing, JsonObject obj, bool status)
    {
        var old = existing.ToNode();
        var oldMeta = ObjectCodec.Metadata(old);
        var meta = ObjectCodec.Metadata(obj);
        if (status)
        {
            // A status write keeps everything but status and (as 1.20 does) labels and annotations.
            var result = old.DeepClone().AsObject();
            var resultMeta = ObjectCodec.Metadata(result);
            resultMeta["labels"] = meta["labels"]?.DeepClone();
            resultMeta["annotations"] = meta["annotations"]?.DeepClone();
            result["status"] = obj["status"]?.DeepClone();
            obj = result;
            meta = resultMeta;
        }
        else if (resource.HasStatus)
        {
            obj["status"] = old["status"]?.DeepClone();
        }

        foreach (var kept in new[] { "uid", "creationTimestamp", "generation", "deletionTimestamp" })
        {
            meta[kept] = oldMeta[kept]?.DeepClone();
        }

        meta["namespace"] = oldMeta["namespace"]?.DeepClone();
        meta["resourceVersion"] = oldMeta["resourceVersion"]?.DeepClone();
        RemoveNulls(meta);
        if (obj["status"] is null)
        {
            obj.Remove("status");
        }

        ObjectDefaulter.NormalizeSecret(resource, obj);
        var errors = ObjectValidator.Validate(resource, obj, old);
        if (errors.Count > 0)
        {
            throw StatusBodies.Invalid(resource, existing.Name, errors);
        }

        if (resource.HasGeneration && !JsonNode.DeepEquals(WithoutMetaAndStatus(old), WithoutMetaAndStatus(obj)))
        {
            meta["generation"] = ((long?)oldMeta["generation"] ?? 0) + 1;
        }

        var candidate = ObjectCodec.Encode(resource, obj.DeepClone().AsObject());
        if (candidate.Body.AsSpan().SequenceEqual(existing.Body))
        {
            return existing;
        }

        return Commit(resource, "MODIFIED", obj, existing);
    }

    private StoredObject Remove(ApiResource resource, StoredObject existing)
    {
        var last = existing.ToNode();
        return Commit(resource, "DELETED", last, existing);
    }

    private StoredObject Commit(ApiResource resource, string type, JsonObject obj, StoredObject? previous)
    {
        _revision += resource == ResourceCatalog.Services && type == "ADDED" ? 2 : 1;
        ObjectCodec.Metadata(obj)["resourceVersion"] = _revision.ToString(CultureInfo.InvariantCulture);
        var stored = ObjectCodec.Encode(resource, obj);
        var state = State(resource);
        if (type == "DELETED")
        {
            state.Objects.Remove(stored.Key);
            state.Sorted = null;
        }
        else
        {
            if (!state.Objects.ContainsKey(stored.Key))
            {
                state.Sorted = null;
            }

            state.Objects[stored.Key] = stored;
        }

        var change = new ChangeRecord(_revision, type, stored, previous);
        state.History.Enqueue(change);
        while (state.History.Count > historyLimit)
        {
            state.MinResumable = state.History.Dequeue().ResourceVersion;
        }

        state.LastRevision = _revision;
        foreach (var watcher in state.Watchers)
        {
            watcher.Deliver(change);
        }

        return stored;
    }

    private static string CheckNamespace(ApiResource resource, string? urlNamespace, JsonObject meta)
    {
        if (!resource.Namespaced)
        {
            meta.Remove("namespace");
            return string.Empty;
        }

        var bodyNamespace = (string?)meta["namespace"];
        if (!string.IsNullOrEmpty(bodyNamespace) && urlNamespace is not null && bodyNamespace != urlNamespace)
        {
            throw StatusBodies.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }

        var ns = urlNamespace ?? bodyNamespace;
        if (string.IsNullOrEmpty(ns))
        {
            throw StatusBodies.BadRequest("the server could not find the requested resource: a namespace is required");
        }

        meta["namespace"] = ns;
        return ns;
    }

    private static JsonObject WithoutMetaAndStatus(JsonObject obj)
    {
        var copy = obj.DeepClone().AsObject();
        copy.Remove("metadata");
        copy.Remove("status");
        copy.Remove("kind");
        copy.Remove("apiVersion");
        return copy;
    }

    private static void RemoveNulls(JsonObject obj)
    {
        foreach (var (key, value) in obj.ToList())
        {
            if (value is null)
            {
                obj.Remove(key);
            }
        }
    }

    private static ApiError ContinueTooOld(string start)
    {
        var status = StatusBodies.Failure(410, "Expired", "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.", null, withDetails: false);
        status["metadata"] = new JsonObject { ["continue"] = ContinueToken.Encode(-1, start) };
        return new ApiError(410, status);
    }

    private string AllocateClusterIp()
    {
        var n = ++_nextClusterIp;
        return $"10.96.{(n / 254) % 256}.{(n % 254) + 1}";
    }

    private string Timestamp() => clock.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string RandomSuffix()
    {
        const string alphabet = "bcdfghjklmnpqrstvwxz2456789";
        return string.Create(5, 0, (span, _) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = alphabet[Random.Shared.Next(alphabet.Length)];
            }
        });
    }

    private static string Key(string ns, string name) => ns.Length > 0 ? $"{ns}/{name}" : name;

    private ResourceState State(ApiResource resource)
    {
        if (!_states.TryGetValue(resource.StoreKey, out var state))
        {
            state = new ResourceState(resource);
            _states[resource.StoreKey] = state;
        }

        return state;
    }

    private sealed class ResourceState(ApiResource resource)
    {
        public ApiResource Resource { get; } = resource;
        public Dictionary<string, StoredObject> Objects { get; } = new(StringComparer.Ordinal);

        /// <summary>The keys in list order (namespace/name, ordinal), rebuilt after the key set changes.</summary>
        public string[]? Sorted { get; set; }

        public string[] SortedKeys()
        {
            if (Sorted is null)
            {
                Sorted = [.. Objects.Keys];
                Array.Sort(Sorted, StringComparer.Ordinal);
            }

            return Sorted;
        }
        public Queue<ChangeRecord> History { get; } = new();
        public List<WatchSubscription> Watchers { get; } = [];
        public long MinResumable { get; set; }
        public long LastRevision { get; set; }
    }
}

/// <summary>One page of a list answer.</summary>
internal sealed record ListPage(IReadOnlyList<StoredObject> Items, long ResourceVersion, string? Continue, long? RemainingItemCount);

/// <summary>A watch's beginning: a live subscription, or the Status of the ERROR event that ends it at once.</summary>
internal sealed record WatchStart(WatchSubscription? Subscription, JsonObject? Error, long From);
