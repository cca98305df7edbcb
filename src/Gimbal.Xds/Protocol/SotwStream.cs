using Envoy.Service.Discovery.V3;
using Gimbal.Xds.Grpc;
using Gimbal.Xds.Snapshots;
using Gimbal.Xds.Translation;
using Microsoft.Extensions.Logging;

namespace Gimbal.Xds.Protocol;

/// <summary>
/// One state-of-the-world stream (ADS or a single-type service). Tracks, per type, what the client
/// subscribed to and what it was sent, so it only ever sends what changed: a NACKed version is not
/// resent until the snapshot changes, and an endpoint-only change sends only the changed assignments.
/// </summary>
internal sealed partial class SotwStream(XdsSnapshotCache cache, INodeGroupSelector groups, XdsMetrics metrics, ILogger logger, string? fixedTypeUrl)
    : XdsStream<DiscoveryRequest, DiscoveryResponse, SotwStream.TypeState>(cache, groups, metrics, logger, fixedTypeUrl)
{
    protected override Envoy.Config.Core.V3.Node? NodeOf(DiscoveryRequest request) => request.Node;

    protected override async Task HandleRequestAsync(DiscoveryRequest request, IServerStreamWriter<DiscoveryResponse> responses, CancellationToken cancellationToken)
    {
        var (typeUrl, state, first) = StateOf(request.TypeUrl);
        if (!first && request.ResponseNonce != (state.Nonce ?? string.Empty))
        {
            // A reply to an older response: the client will answer the latest one too.
            return;
        }

        if (!first && !string.IsNullOrEmpty(request.ResponseNonce))
        {
            if (request.ErrorDetail is { } error)
            {
                Metrics.Nack(typeUrl);
                LogNack(Logger, NodeId, typeUrl, state.SentVersion, state.AckedVersion, error.Message);
            }
            else
            {
                state.AckedVersion = request.VersionInfo;
            }
        }

        state.Subscribe(request.ResourceNames, TypeUrls.IsFullState(typeUrl), first);
        if (first && !string.IsNullOrEmpty(request.VersionInfo) && Cache.TryGet(Key, out var snapshot))
        {
            // Reconnect: what the client reports having is still current, so nothing needs resending.
            var set = snapshot.Get(typeUrl);
            if (set.Version == request.VersionInfo)
            {
                state.AssumeHas(set);
                state.AckedVersion = request.VersionInfo;
            }
        }

        await RespondAsync(typeUrl, state, responses, cancellationToken);
    }

    protected override async Task RespondAsync(string typeUrl, TypeState state, IServerStreamWriter<DiscoveryResponse> responses, CancellationToken cancellationToken)
    {
        if (!Cache.TryGet(Key, out var snapshot))
        {
            return;
        }

        var set = snapshot.Get(typeUrl);
        var toSend = state.Pending(set, TypeUrls.IsFullState(typeUrl));
        if (toSend is null)
        {
            return;
        }

        var head = new DiscoveryResponse { VersionInfo = set.Version, TypeUrl = typeUrl, Nonce = NextNonce() };
        state.Sent(set, toSend, head.Nonce);
        await EncodedResponses.WriteAsync(responses, head, toSend, cancellationToken);
        Metrics.ResponseSent(typeUrl, toSend.Count);
        LogSent(Logger, NodeId, typeUrl, set.Version, toSend.Count);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Node {NodeId} rejected {TypeUrl} version {Version} (keeping {AckedVersion}): {Error}")]
    private static partial void LogNack(ILogger logger, string nodeId, string typeUrl, string? version, string? ackedVersion, string error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Sent node {NodeId} {TypeUrl} version {Version} ({Count} resources)")]
    private static partial void LogSent(ILogger logger, string nodeId, string typeUrl, string version, int count);

    /// <summary>Per-type subscription and delivery state of one stream.</summary>
    internal sealed class TypeState
    {
        private readonly HashSet<string> _names = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _known = new(StringComparer.Ordinal);
        private bool _wildcard;
        private bool _subscriptionChanged = true;

        // The set version every subscribed resource was last compared against: a set derived from it
        // needs only its changed names compared, which keeps an endpoint change O(changed) per stream.
        private string? _evaluated;

        public string? Nonce { get; private set; }

        public string? SentVersion { get; private set; }

        public string? AckedVersion { get; set; }

        public void Subscribe(IReadOnlyCollection<string> names, bool fullState, bool first)
        {
            var wildcard = names.Contains("*") || (names.Count == 0 && fullState && (first || _wildcard));
            var added = names.Any(n => n != "*" && !_names.Contains(n));
            var removed = _names.Any(n => !names.Contains(n));
            if (wildcard != _wildcard || added || removed)
            {
                _subscriptionChanged = true;
            }

            _wildcard = wildcard;
            _names.Clear();
            _names.UnionWith(names.Where(n => n != "*"));
            foreach (var name in _known.Keys.Where(n => !_wildcard && !_names.Contains(n)).ToList())
            {
                _known.Remove(name);
            }
        }

        public void AssumeHas(XdsResourceSet set)
        {
            foreach (var resource in Matching(set))
            {
                _known[resource.Name] = resource.Version;
            }

            SentVersion = set.Version;
            _evaluated = set.Version;
            _subscriptionChanged = false;
        }

        /// <summary>What to send now, or null when the client is up to date (or rejected this very version).</summary>
        public List<XdsResource>? Pending(XdsResourceSet set, bool fullState)
        {
            if (fullState)
            {
                return SentVersion != set.Version || _subscriptionChanged ? [.. Matching(set)] : null;
            }

            if (!_subscriptionChanged && _evaluated == set.Version)
            {
                return null;
            }

            var incremental = !_subscriptionChanged && _evaluated is not null && set.PreviousVersion == _evaluated;
            List<XdsResource>? changed = null;
            foreach (var resource in incremental ? ChangedMatching(set) : Matching(set))
            {
                if (!_known.TryGetValue(resource.Name, out var version) || version != resource.Version)
                {
                    (changed ??= []).Add(resource);
                }
            }

            if (changed is null)
            {
                _evaluated = set.Version;
                _subscriptionChanged = false;
            }

            return changed;
        }

        public void Sent(XdsResourceSet set, List<XdsResource> resources, string nonce)
        {
            foreach (var resource in resources)
            {
                _known[resource.Name] = resource.Version;
            }

            SentVersion = set.Version;
            Nonce = nonce;
            _evaluated = set.Version;
            _subscriptionChanged = false;
        }

        private IEnumerable<XdsResource> Matching(XdsResourceSet set)
        {
            if (_wildcard)
            {
                foreach (var resource in set.Resources.Values)
                {
                    yield return resource;
                }

                yield break;
            }

            foreach (var name in _names)
            {
                if (set.Resources.TryGetValue(name, out var resource))
                {
                    yield return resource;
                }
            }
        }

        private IEnumerable<XdsResource> ChangedMatching(XdsResourceSet set)
        {
            foreach (var name in set.Changed)
            {
                if ((_wildcard || _names.Contains(name)) && set.Resources.TryGetValue(name, out var resource))
                {
                    yield return resource;
                }
            }
        }
    }
}
