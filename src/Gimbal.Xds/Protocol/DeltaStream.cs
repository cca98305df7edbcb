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
                state.Wildcard = true;
            }
            else
            {
                state.Names.Add(name);
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
        var response = new DeltaDiscoveryResponse { SystemVersionInfo = set.Version, TypeUrl = typeUrl };
        var candidates = state.Wildcard ? set.Resources.Values : state.Names.Where(set.Resources.ContainsKey).Select(n => set.Resources[n]);
        foreach (var resource in candidates)
        {
            if (!state.Known.TryGetValue(resource.Name, out var version) || version != resource.Version)
            {
                response.Resources.Add(new Resource { Name = resource.Name, Version = resource.Version, Resource_ = resource.Body });
            }
        }

        foreach (var name in state.Known.Keys)
        {
            if (!set.Resources.ContainsKey(name))
            {
                response.RemovedResources.Add(name);
            }
        }

        if (response.Resources.Count == 0 && response.RemovedResources.Count == 0)
        {
            return;
        }

        foreach (var resource in response.Resources)
        {
            state.Known[resource.Name] = resource.Version;
        }

        foreach (var name in response.RemovedResources)
        {
            state.Known.Remove(name);
        }

        response.Nonce = NextNonce();
        await responses.WriteAsync(response, cancellationToken);
        Metrics.ResponseSent(typeUrl, response.Resources.Count);
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
    }
}
