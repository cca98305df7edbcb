using Envoy.Config.Core.V3;
using Envoy.Service.Discovery.V3;
using Gimbal.Xds.Tests.Infrastructure;

namespace Gimbal.Xds.Tests.Protocol;

/// <summary>An ADS stream driven by hand, as Envoy would drive it.</summary>
internal sealed class AdsClient : IAsyncDisposable
{
    public const string AdsPath = "/envoy.service.discovery.v3.AggregatedDiscoveryService/StreamAggregatedResources";
    public const string DeltaPath = "/envoy.service.discovery.v3.AggregatedDiscoveryService/DeltaAggregatedResources";
    private readonly GrpcTestCall<DiscoveryRequest, DiscoveryResponse> _call;
    private bool _nodeSent;

    private AdsClient(GrpcTestCall<DiscoveryRequest, DiscoveryResponse> call, Node node)
    {
        _call = call;
        Node = node;
    }

    public Node Node { get; }

    public static async Task<AdsClient> ConnectAsync(HttpClient client, string nodeId = "envoy-1", string userAgent = "envoy") =>
        new(await GrpcTestCall<DiscoveryRequest, DiscoveryResponse>.StartAsync(client, AdsPath, DiscoveryResponse.Parser),
            new Node { Id = nodeId, Cluster = "gimbal", UserAgentName = userAgent });

    public Task RequestAsync(string typeUrl, string version = "", string nonce = "", IEnumerable<string>? names = null, string? error = null)
    {
        var request = new DiscoveryRequest { TypeUrl = typeUrl, VersionInfo = version, ResponseNonce = nonce };
        if (!_nodeSent)
        {
            request.Node = Node;
            _nodeSent = true;
        }

        if (names is not null)
        {
            request.ResourceNames.AddRange(names);
        }

        if (error is not null)
        {
            request.ErrorDetail = new Google.Rpc.Status { Code = 3, Message = error };
        }

        return _call.SendAsync(request);
    }

    public Task AckAsync(DiscoveryResponse response, IEnumerable<string>? names = null) =>
        RequestAsync(response.TypeUrl, response.VersionInfo, response.Nonce, names);

    public Task<DiscoveryResponse> ReceiveAsync() => _call.ReceiveRequiredAsync();

    public ValueTask DisposeAsync() => _call.DisposeAsync();
}
