using Envoy.Service.Discovery.V3;
using Gimbal.Xds.Grpc;
using Gimbal.Xds.Snapshots;
using Gimbal.Xds.Translation;
using Microsoft.Extensions.Logging;

namespace Gimbal.Xds.Protocol;

/// <summary>
/// One incremental (delta) stream: per-resource versions, explicit subscribe / unsubscribe, and
/// removals for resources the client has that no longer exist.
/// </summary>
internal sealed partial class DeltaStream(XdsSnapshotCache cache, INodeGroupSelector groups, XdsMetrics metrics, ILogger logger, string? fixedTypeUrl)
    : XdsStream<DeltaDiscoveryRequest, DeltaDiscoveryResponse, DeltaStream.TypeState>(cache, groups, metrics, logger, fixedTypeUrl)
{
    protected override Envoy.Config.Core.V3.Node? NodeOf(DeltaDiscoveryRequest request) => request.Node;

    protected override async Task HandleRequestAsync(DeltaDiscoveryRequest request, IServerStreamWriter<DeltaDiscoveryResponse> responses, CancellationToken cancellationToken)
    {
        var (typeUrl, state, first) = StateOf(request.TypeUrl);
        if (first)
        {
            foreach (var (name, version) in request.InitialResourceVersions)
            {
                state.Known[name] = version;
            }

            // Legacy wildcard: a first request that names nothing subscribes to everything.
            state.Wildcard = request.ResourceNamesSubscribe.Count == 0;
            state.SubscriptionChanged = true;
        }

        if (!string.IsNullOrEmpty(request.ResponseNonce) && request.ErrorDetail is { } error)
        {
            // The client keeps what it had; the rejected resources are not resent until they change.
            Metrics.Nack(typeUrl);
            LogNack(Logger, NodeId, typeUrl, request.ResponseNonce, error.Message);
        }

        foreach (var name in request.ResourceNamesSubscribe)
        {
            if (name == "*")
            {
                state.SubscriptionChanged |= !state.Wildcard;
                state.Wildcard = true;
            }
            else
            {
                state.SubscriptionChanged |= state.Names.Add(name);
            }
        }

        foreach (var name in request.ResourceNamesUnsubscribe)
        {
            if (name == "*")
            {
                state.Wildcard = false;
            }
            else
            {
                state.Names.Remove(name);
                state.Known.Remove(name);
                state.Absent.Remove(name);
            }
        }

        await RespondAsync(typeUrl, state, responses, cancellationToken);
    }

    protected override async Task RespondAsync(string typeUrl, TypeState state, IServerStreamWriter<DeltaDiscoveryResponse> responses, CancellationToken cancellationToken)
    {
        if (!Cache.TryGet(Key, out var snapshot))
        {
            return;
        }

        var set = snapshot.Get(typeUrl);
        if (!state.SubscriptionChanged && state.Evaluated == set.Version)
        {
            return;
        }

        var send = new List<XdsResource>();
        var removed = new List<string>();
        if (!state.SubscriptionChanged && state.Evaluated is not null && set.PreviousVersion == state.Evaluated)
        {
            // Everything else was compared against the previous set already.
            foreach (var name in set.Changed)
            {
                Compare(name);
            }
        }
        else
        {
            if (state.Wildcard)
            {
                foreach (var name in set.Resources.Keys)
                {
                    Compare(name);
                }
            }

            foreach (var name in state.Names)
            {
                if (!state.Wildcard || !set.Resources.ContainsKey(name))
                {
                    Compare(name);
                }
            }

            foreach (var name in state.Known.Keys)
            {
                if (!set.Resources.ContainsKey(name) && !state.Names.Contains(name))
                {
                    removed.Add(name);
                }
            }
        }

        state.Evaluated = set.Version;
        state.SubscriptionChanged = false;
        if (send.Count == 0 && removed.Count == 0)
        {
            return;
        }

        foreach (var resource in send)
        {
            state.Known[resource.Name] = resource.Version;
            state.Absent.Remove(resource.Name);
        }

        foreach (var name in removed)
        {
            state.Known.Remove(name);
            if (state.Names.Contains(name))
            {
                state.Absent.Add(name);
            }
        }

        var head = new DeltaDiscoveryResponse { SystemVersionInfo = set.Version, TypeUrl = typeUrl, Nonce = NextNonce(), RemovedResources = { removed } };
        await EncodedResponses.WriteAsync(responses, head, send, cancellationToken);
        Metrics.ResponseSent(typeUrl, send.Count);

        void Compare(string name)
        {
            if (set.Resources.TryGetValue(name, out var resource))
            {
                if ((state.Wildcard || state.Names.Contains(name)) && (!state.Known.TryGetValue(name, out var version) || version != resource.Version))
                {
                    send.Add(resource);
                }
            }
            else if (state.Known.ContainsKey(name) || (state.Names.Contains(name) && !state.Absent.Contains(name)))
            {
                // Gone, or subscribed to but never there: Envoy learns "does not exist" from removed_resources.
                removed.Add(name);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Node {NodeId} rejected {TypeUrl} delta response {Nonce}: {Error}")]
    private static partial void LogNack(ILogger logger, string nodeId, string typeUrl, string nonce, string error);

    /// <summary>Per-type subscription and what the client has, by resource.</summary>
    internal sealed class TypeState
    {
        public bool Wildcard { get; set; }

        public HashSet<string> Names { get; } = new(StringComparer.Ordinal);

        /// <summary>Resource name to the version the client has.</summary>
        public Dictionary<string, string> Known { get; } = new(StringComparer.Ordinal);

        /// <summary>Subscribed names already reported as not existing, so they are reported once.</summary>
        public HashSet<string> Absent { get; } = new(StringComparer.Ordinal);

        /// <summary>The subscription changed since <see cref="Evaluated"/>: every name needs comparing.</summary>
        public bool SubscriptionChanged { get; set; } = true;

        /// <summary>The set version all subscribed resources were last compared against.</summary>
        public string? Evaluated { get; set; }
    }
}
