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
internal sealed partial class DeltaStream
{
    private readonly XdsSnapshotCache _cache;
    private readonly INodeGroupSelector _groups;
    private readonly XdsMetrics _metrics;
    private readonly ILogger _logger;
    private readonly string? _fixedTypeUrl;
    private readonly Dictionary<string, TypeState> _types = new(StringComparer.Ordinal);
    private readonly StreamEvents<DeltaDiscoveryRequest> _events = new();
    private SnapshotKey? _key;
    private string _nodeId = string.Empty;
    private long _nonce;

    public DeltaStream(XdsSnapshotCache cache, INodeGroupSelector groups, XdsMetrics metrics, ILogger logger, string? fixedTypeUrl)
    {
        _cache = cache;
        _groups = groups;
        _metrics = metrics;
        _logger = logger;
        _fixedTypeUrl = fixedTypeUrl;
    }

    public async Task RunAsync(IAsyncStreamReader<DeltaDiscoveryRequest> requests, IServerStreamWriter<DeltaDiscoveryResponse> responses, ServerCallContext context)
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
                    foreach (var typeUrl in TypeUrls.SendOrder)
                    {
                        if (_types.TryGetValue(typeUrl, out var state))
                        {
                            await RespondAsync(typeUrl, state, responses, cancellationToken);
                        }
                    }

                    continue;
                }

                if (_key is null)
                {
                    _nodeId = request.Node?.Id ?? string.Empty;
                    _key = new SnapshotKey(_groups.SelectGroup(request.Node ?? new Envoy.Config.Core.V3.Node()), NodeFlavor.Of(request.Node));
                    watch = _cache.Watch(_key.Value, _events.SnapshotChanged);
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

    private async Task HandleRequestAsync(DeltaDiscoveryRequest request, IServerStreamWriter<DeltaDiscoveryResponse> responses, CancellationToken cancellationToken)
    {
        var typeUrl = string.IsNullOrEmpty(request.TypeUrl) ? _fixedTypeUrl : request.TypeUrl;
        if (typeUrl is null || (_fixedTypeUrl is not null && typeUrl != _fixedTypeUrl))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"Unexpected type_url '{request.TypeUrl}'."));
        }

        var first = !_types.TryGetValue(typeUrl, out var state);
        state ??= _types[typeUrl] = new TypeState();
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
            _metrics.Nack(typeUrl);
            LogNack(_logger, _nodeId, typeUrl, request.ResponseNonce, error.Message);
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

    private async Task RespondAsync(string typeUrl, TypeState state, IServerStreamWriter<DeltaDiscoveryResponse> responses, CancellationToken cancellationToken)
    {
        if (!_cache.TryGet(_key!.Value, out var snapshot))
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

        response.Nonce = (++_nonce).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await responses.WriteAsync(response, cancellationToken);
        _metrics.ResponseSent(typeUrl, response.Resources.Count);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Node {NodeId} rejected {TypeUrl} delta response {Nonce}: {Error}")]
    private static partial void LogNack(ILogger logger, string nodeId, string typeUrl, string nonce, string error);

    private sealed class TypeState
    {
        public bool Wildcard { get; set; }

        public HashSet<string> Names { get; } = new(StringComparer.Ordinal);

        /// <summary>Resource name to the version the client has.</summary>
        public Dictionary<string, string> Known { get; } = new(StringComparer.Ordinal);
    }
}
