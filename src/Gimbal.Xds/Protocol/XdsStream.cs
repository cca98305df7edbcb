using System.Globalization;
using Envoy.Config.Core.V3;
using Gimbal.Xds.Grpc;
using Gimbal.Xds.Snapshots;
using Gimbal.Xds.Translation;
using Microsoft.Extensions.Logging;

namespace Gimbal.Xds.Protocol;

/// <summary>
/// What state-of-the-world and delta streams share: one loop that takes client requests and
/// snapshot-change signals from one queue, picks the node's snapshot group on the first request,
/// answers changes in make-before-break order, and hands requests and responses to the variant.
/// </summary>
internal abstract partial class XdsStream<TRequest, TResponse, TState>
    where TRequest : class
    where TState : class, new()
{
    private readonly INodeGroupSelector _groups;
    private readonly string? _fixedTypeUrl;
    private readonly StreamEvents<TRequest> _events = new();
    private readonly Dictionary<string, TState> _types = new(StringComparer.Ordinal);
    private long _nonce;

    protected XdsStream(XdsSnapshotCache cache, INodeGroupSelector groups, XdsMetrics metrics, ILogger logger, string? fixedTypeUrl)
    {
        Cache = cache;
        _groups = groups;
        Metrics = metrics;
        Logger = logger;
        _fixedTypeUrl = fixedTypeUrl;
    }

    protected XdsSnapshotCache Cache { get; }

    protected XdsMetrics Metrics { get; }

    protected ILogger Logger { get; }

    /// <summary>The node's snapshot group and flavor, known after its first request.</summary>
    protected SnapshotKey Key { get; private set; }

    protected string NodeId { get; private set; } = string.Empty;

    public async Task RunAsync(IAsyncStreamReader<TRequest> requests, IServerStreamWriter<TResponse> responses, ServerCallContext context)
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

                if (watch is null)
                {
                    var node = NodeOf(request);
                    NodeId = node?.Id ?? string.Empty;
                    Key = new SnapshotKey(_groups.SelectGroup(node ?? new Node()), NodeFlavor.Of(node));
                    watch = Cache.Watch(Key, _events.SnapshotChanged);
                    LogStreamOpened(Logger, NodeId, Key.Group, Key.Flavor);
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

    protected abstract Node? NodeOf(TRequest request);

    protected abstract Task HandleRequestAsync(TRequest request, IServerStreamWriter<TResponse> responses, CancellationToken cancellationToken);

    /// <summary>Sends what the client lacks of one type, if anything.</summary>
    protected abstract Task RespondAsync(string typeUrl, TState state, IServerStreamWriter<TResponse> responses, CancellationToken cancellationToken);

    /// <summary>The request's type (or the per-type service's own), and its state; First when the type is new on this stream.</summary>
    protected (string TypeUrl, TState State, bool First) StateOf(string requestedTypeUrl)
    {
        var typeUrl = string.IsNullOrEmpty(requestedTypeUrl) ? _fixedTypeUrl : requestedTypeUrl;
        if (typeUrl is null || (_fixedTypeUrl is not null && typeUrl != _fixedTypeUrl))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"Unexpected type_url '{requestedTypeUrl}'."));
        }

        var first = !_types.TryGetValue(typeUrl, out var state);
        state ??= _types[typeUrl] = new TState();
        return (typeUrl, state, first);
    }

    protected string NextNonce() => (++_nonce).ToString(CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Information, Message = "xDS stream from node {NodeId} opened (group {Group}, {Flavor} resources)")]
    private static partial void LogStreamOpened(ILogger logger, string nodeId, string group, ResourceFlavor flavor);
}
