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

    public XdsDiscoveryService(XdsSnapshotCache cache, INodeGroupSelector groups, XdsMetrics metrics, ILogger<XdsDiscoveryService> logger)
    {
        _cache = cache;
        _groups = groups;
        _metrics = metrics;
        _logger = logger;
    }

    public Task StreamAggregatedResources(IAsyncStreamReader<DiscoveryRequest> requests, IServerStreamWriter<DiscoveryResponse> responses, ServerCallContext context) =>
        Stream(null, requests, responses, context);

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
