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
internal sealed partial class SotwStream
{
    private readonly XdsSnapshotCache _cache;
    private readonly INodeGroupSelector _groups;
    private readonly XdsMetrics _metrics;
    private readonly ILogger _logger;
    private readonly string? _fixedTypeUrl;
    private readonly Dictionary<string, TypeState> _types = new(StringComparer.Ordinal);
    private readonly StreamEvents<DiscoveryRequest> _events = new();
    private SnapshotKey? _key;
    private string _nodeId = string.Empty;
    private long _nonce;

    public SotwStream(XdsSnapshotCache cache, INodeGroupSelector groups, XdsMetrics metrics, ILogger logger, string? fixedTypeUrl)
    {
        _cache = cache;
        _groups = groups;
        _metrics = metrics;
        _logger = logger;
        _fixedTypeUrl = fixedTypeUrl;
    }

    public async Task RunAsync(IAsyncStreamReader<DiscoveryRequest> requests, IServerStreamWriter<DiscoveryResponse> responses, ServerCallContext context)
    {
        var cancellationToken = context.CancellationToken;
        var pump = _events.PumpAsync(requests, cancellationToken);
        IDisposable? watch = null;
        try
        {
            await foreach (var request in _events.Reader.ReadAllAsync(cancellationToken))
            {
                if (request is null)
                {
                    _events.ChangeSeen();
                    await RespondAllAsync(responses, cancellationToken);
                    continue;
                }

                if (_key is null)
                {
                    _nodeId = request.Node?.Id ?? string.Empty;
                    _key = new SnapshotKey(_groups.SelectGroup(request.Node ?? new Envoy.Config.Core.V3.Node()), NodeFlavor.Of(request.Node));
                    watch = _cache.Watch(_key.Value, _events.SnapshotChanged);
                    LogStreamOpened(_logger, _nodeId, _key.Value.Group, _key.Value.Flavor);
                }

                await HandleRequestAsync(request, responses, cancellationToken);
            }
        }
        finally
        {
            watch?.Dispose();
            await pump;
        }
    }

    private async Task HandleRequestAsync(DiscoveryRequest request, IServerStreamWriter<DiscoveryResponse> responses, CancellationToken cancellationToken)
    {
        var typeUrl = string.IsNullOrEmpty(request.TypeUrl) ? _fixedTypeUrl : request.TypeUrl;
        if (typeUrl is null || (_fixedTypeUrl is not null && typeUrl != _fixedTypeUrl))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"Unexpected type_url '{request.TypeUrl}'."));
        }

        var first = !_types.TryGetValue(typeUrl, out var state);
        state ??= _types[typeUrl] = new TypeState();
        if (!first && request.ResponseNonce != (state.Nonce ?? string.Empty))
        {
            // A reply to an older response: the client will answer the latest one too.
            return;
        }

        if (!first && !string.IsNullOrEmpty(request.ResponseNonce))
        {
            if (request.ErrorDetail is { } error)
            {
                _metrics.Nack(typeUrl);
                LogNack(_logger, _nodeId, typeUrl, state.SentVersion, state.AckedVersion, error.Message);
            }
            else
            {
                state.AckedVersion = request.VersionInfo;
            }
        }

        state.Subscribe(request.ResourceNames, TypeUrls.IsFullState(typeUrl), first);
        if (first && !string.IsNullOrEmpty(request.VersionInfo) && _cache.TryGet(_key!.Value, out var snapshot))
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

    private async Task RespondAllAsync(IServerStreamWriter<DiscoveryResponse> responses, CancellationToken cancellationToken)
    {
        foreach (var typeUrl in TypeUrls.SendOrder)
        {
            if (_types.TryGetValue(typeUrl, out var state))
            {
                await RespondAsync(typeUrl, state, responses, cancellationToken);
            }
        }
    }

    private async Task RespondAsync(string typeUrl, TypeState state, IServerStreamWriter<DiscoveryResponse> responses, CancellationToken cancellationToken)
    {
        if (!_cache.TryGet(_key!.Value, out var snapshot))
        {
            return;
        }

        var set = snapshot.Get(typeUrl);
        var toSend = state.Pending(set, TypeUrls.IsFullState(typeUrl));
        if (toSend is null)
        {
            return;
        }

        var response = new DiscoveryResponse
        {
            VersionInfo = set.Version,
            TypeUrl = typeUrl,
            Nonce = (++_nonce).ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var resource in toSend)
        {
            response.Resources.Add(resource.Body);
        }

        state.Sent(set, toSend, response.Nonce);
        await responses.WriteAsync(response, cancellationToken);
        _metrics.ResponseSent(typeUrl, toSend.Count);
        LogSent(_logger, _nodeId, typeUrl, set.Version, toSend.Count);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "xDS stream from node {NodeId} opened (group {Group}, {Flavor} resources)")]
    private static partial void LogStreamOpened(ILogger logger, string nodeId, string group, ResourceFlavor flavor);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Node {NodeId} rejected {TypeUrl} version {Version} (keeping {AckedVersion}): {Error}")]
    private static partial void LogNack(ILogger logger, string nodeId, string typeUrl, string? version, string? ackedVersion, string error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Sent node {NodeId} {TypeUrl} version {Version} ({Count} resources)")]
    private static partial void LogSent(ILogger logger, string nodeId, string typeUrl, string version, int count);

    /// <summary>Per-type subscription and delivery state of one stream.</summary>
    private sealed class TypeState
    {
        private readonly HashSet<string> _names = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _known = new(StringComparer.Ordinal);
        private bool _wildcard;
        private bool _subscriptionChanged = true;

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
            _subscriptionChanged = false;
        }

        /// <summary>What to send now, or null when the client is up to date (or rejected this very version).</summary>
        public List<XdsResource>? Pending(XdsResourceSet set, bool fullState)
        {
            if (fullState)
            {
                return SentVersion != set.Version || _subscriptionChanged ? Matching(set).ToList() : null;
            }

            var changed = Matching(set).Where(r => !_known.TryGetValue(r.Name, out var v) || v != r.Version).ToList();
            return changed.Count > 0 ? changed : null;
        }

        public void Sent(XdsResourceSet set, List<XdsResource> resources, string nonce)
        {
            foreach (var resource in resources)
            {
                _known[resource.Name] = resource.Version;
            }

            SentVersion = set.Version;
            Nonce = nonce;
            _subscriptionChanged = false;
        }

        private IEnumerable<XdsResource> Matching(XdsResourceSet set) =>
            _wildcard ? set.Resources.Values : _names.Where(set.Resources.ContainsKey).Select(n => set.Resources[n]);
    }
}
