using Envoy.Service.Discovery.V3;
using Google.Protobuf;

namespace Gimbal.Benchmarks.Xds;

/// <summary>
/// An ADS stream over a <see cref="RawHttp2Connection"/> that timestamps every response as its last byte
/// arrives. Responses stay bytes until the benchmark asks: the client's work is not the server's figure.
/// </summary>
internal sealed class AdsBenchStream : IAsyncDisposable
{
    private const string Method = "/envoy.service.discovery.v3.AggregatedDiscoveryService/StreamAggregatedResources";
    private readonly RawGrpcStream _call;

    private AdsBenchStream(RawGrpcStream call) => _call = call;

    public static async Task<AdsBenchStream> OpenAsync(RawHttp2Connection connection, DiscoveryRequest first, CancellationToken cancellationToken)
    {
        var stream = new AdsBenchStream(await connection.OpenAsync(Method, cancellationToken));
        await stream.SendAsync(first, cancellationToken);
        return stream;
    }

    public Task SendAsync(DiscoveryRequest request, CancellationToken cancellationToken) =>
        _call.SendAsync(request.ToByteArray(), cancellationToken);

    /// <summary>The next response, when its last byte arrived, and its size on the wire (gRPC prefix included).</summary>
    public async ValueTask<(AdsReply Reply, long Timestamp, int Bytes)> ReceiveAsync(CancellationToken cancellationToken)
    {
        var (message, timestamp) = await _call.ReceiveAsync(cancellationToken);
        return (new AdsReply(message), timestamp, message.Length + 5);
    }

    public async ValueTask DisposeAsync() => await _call.ResetAsync();
}

/// <summary>A DiscoveryResponse as received: parsed only when asked.</summary>
internal readonly record struct AdsReply(byte[] Message)
{
    public DiscoveryResponse Parse() => DiscoveryResponse.Parser.ParseFrom(Message);

    /// <summary>How many <c>resources</c> entries (field 2) the response carries, without copying them.</summary>
    public int CountResources()
    {
        var input = new CodedInputStream(Message);
        var count = 0;
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == DiscoveryResponse.ResourcesFieldNumber)
            {
                count++;
            }

            input.SkipLastField();
        }

        return count;
    }
}
