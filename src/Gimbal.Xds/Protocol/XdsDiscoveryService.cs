using Envoy.Service.Discovery.V3;
using Gimbal.Xds.Grpc;
using Gimbal.Xds.Snapshots;
using Microsoft.Extensions.Logging;

namespace Gimbal.Xds.Protocol;

/// <summary>
/// The xDS services in Grpc.Core's shapes: ADS carries every type, the per-type services one each.
/// Transport-agnostic, so the real Grpc.AspNetCore could host these methods unchanged.
/// </summary>
public sealed class XdsDiscoveryService
{
    private readonly XdsSnapshotCache _cache;
    private readonly INodeGroupSelector _groups;
    private readonly XdsMetrics _metrics;
    private readonly ILogger<XdsDiscoveryService> _logger;

    /// <summary>A service answering from <paramref name="cache"/>; each stream follows its node group's snapshot as it changes.</summary>
    /// <param name="cache">The snapshots streams serve.</param>
    /// <param name="groups">Chooses each node's group.</param>
    /// <param name="metrics">Stream, response and NACK counters.</param>
    /// <param name="logger">Where stream lifecycles and NACKs are logged.</param>
    public XdsDiscoveryService(XdsSnapshotCache cache, INodeGroupSelector groups, XdsMetrics metrics, ILogger<XdsDiscoveryService> logger)
    {
        _cache = cache;
        _groups = groups;
        _metrics = metrics;
        _logger = logger;
    }

    /// <summary>ADS, state of the world: every resource type on one stream, sent in <see cref="Translation.TypeUrls.SendOrder"/> so a listener or route never names something the client lacks. Runs until the client closes the stream or the call is cancelled.</summary>
    /// <param name="requests">The client's DiscoveryRequests (subscriptions, ACKs and NACKs).</param>
    /// <param name="responses">Where DiscoveryResponses are written.</param>
    /// <param name="context">The call: its details and cancellation.</param>
    public Task StreamAggregatedResources(IAsyncStreamReader<DiscoveryRequest> requests, IServerStreamWriter<DiscoveryResponse> responses, ServerCallContext context) =>
        Stream(null, requests, responses, context);

    /// <summary>ADS, incremental: every resource type on one stream, sending only added, changed and removed resources. Runs until the client closes the stream or the call is cancelled.</summary>
    /// <param name="requests">The client's DeltaDiscoveryRequests (subscriptions, ACKs and NACKs).</param>
    /// <param name="responses">Where DeltaDiscoveryResponses are written.</param>
    /// <param name="context">The call: its details and cancellation.</param>
    public Task DeltaAggregatedResources(IAsyncStreamReader<DeltaDiscoveryRequest> requests, IServerStreamWriter<DeltaDiscoveryResponse> responses, ServerCallContext context) =>
        Delta(null, requests, responses, context);

    /// <summary>A single-type state-of-the-world stream (StreamClusters, StreamEndpoints, ...).</summary>
    public DuplexStreamingServerMethod<DiscoveryRequest, DiscoveryResponse> StreamOf(string typeUrl) =>
        (requests, responses, context) => Stream(typeUrl, requests, responses, context);

    /// <summary>A single-type delta stream (DeltaClusters, DeltaEndpoints, ...).</summary>
    public DuplexStreamingServerMethod<DeltaDiscoveryRequest, DeltaDiscoveryResponse> DeltaOf(string typeUrl) =>
        (requests, responses, context) => Delta(typeUrl, requests, responses, context);

    private async Task Stream(string? typeUrl, IAsyncStreamReader<DiscoveryRequest> requests, IServerStreamWriter<DiscoveryResponse> responses, ServerCallContext context)
    {
        _metrics.StreamOpened();
        try
        {
            await new SotwStream(_cache, _groups, _metrics, _logger, typeUrl).RunAsync(requests, responses, context);
        }
        finally
        {
            _metrics.StreamClosed();
        }
    }

    private async Task Delta(string? typeUrl, IAsyncStreamReader<DeltaDiscoveryRequest> requests, IServerStreamWriter<DeltaDiscoveryResponse> responses, ServerCallContext context)
    {
        _metrics.StreamOpened();
        try
        {
            await new DeltaStream(_cache, _groups, _metrics, _logger, typeUrl).RunAsync(requests, responses, context);
        }
        finally
        {
            _metrics.StreamClosed();
        }
    }
}
