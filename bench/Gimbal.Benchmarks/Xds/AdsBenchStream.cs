using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Threading.Channels;
using Envoy.Service.Discovery.V3;
using Google.Protobuf;

namespace Gimbal.Benchmarks.Xds;

/// <summary>A raw ADS stream over HttpClient HTTP/2 that timestamps every response it receives.</summary>
internal sealed class AdsBenchStream : IAsyncDisposable
{
    private readonly Channel<byte[]> _outgoing = Channel.CreateUnbounded<byte[]>();
    private readonly Channel<(DiscoveryResponse Response, long Timestamp, int Bytes)> _incoming = Channel.CreateUnbounded<(DiscoveryResponse, long, int)>();
    private HttpResponseMessage? _response;
    private Task? _reader;

    public static async Task<AdsBenchStream> OpenAsync(HttpClient client, DiscoveryRequest first, CancellationToken cancellationToken)
    {
        var stream = new AdsBenchStream();
        var request = new HttpRequestMessage(HttpMethod.Post, "/envoy.service.discovery.v3.AggregatedDiscoveryService/StreamAggregatedResources")
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ChannelContent(stream._outgoing.Reader),
        };
        request.Headers.TryAddWithoutValidation("te", "trailers");
        stream._response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        stream.Send(first);
        var body = await stream._response.Content.ReadAsStreamAsync(cancellationToken);
        stream._reader = stream.ReadLoopAsync(body, cancellationToken);
        return stream;
    }

    public void Send(DiscoveryRequest request)
    {
        var payload = request.ToByteArray();
        var frame = new byte[5 + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)payload.Length);
        payload.CopyTo(frame, 5);
        _outgoing.Writer.TryWrite(frame);
    }

    public ValueTask<(DiscoveryResponse Response, long Timestamp, int Bytes)> ReceiveAsync(CancellationToken cancellationToken) =>
        _incoming.Reader.ReadAsync(cancellationToken);

    private async Task ReadLoopAsync(Stream body, CancellationToken cancellationToken)
    {
        var header = new byte[5];
        try
        {
            while (true)
            {
                await body.ReadExactlyAsync(header, cancellationToken);
                var payload = new byte[BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(1))];
                await body.ReadExactlyAsync(payload, cancellationToken);
                var timestamp = Stopwatch.GetTimestamp();
                _incoming.Writer.TryWrite((DiscoveryResponse.Parser.ParseFrom(payload), timestamp, payload.Length + 5));
            }
        }
        catch (Exception e)
        {
            var trailers = _response!.TrailingHeaders.Concat(_response.Headers).Where(h => h.Key.StartsWith("grpc-", StringComparison.Ordinal));
            _incoming.Writer.TryComplete(new InvalidOperationException(
                $"ADS stream ended: {string.Join(", ", trailers.Select(h => $"{h.Key}={string.Join(',', h.Value)}"))}", e));
        }
    }

    public async ValueTask DisposeAsync()
    {
        _outgoing.Writer.TryComplete();
        _response?.Dispose();
        if (_reader is not null)
        {
            await _reader;
        }
    }

    private sealed class ChannelContent : HttpContent
    {
        private readonly ChannelReader<byte[]> frames;

        public ChannelContent(ChannelReader<byte[]> frames)
        {
            this.frames = frames;
            Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            // HttpClient holds HTTP/2 request headers back to send them with the first DATA frame; a
            // duplex call that waits for response headers before sending must flush them out itself.
            await stream.FlushAsync();
            await foreach (var frame in frames.ReadAllAsync())
            {
                await stream.WriteAsync(frame);
                await stream.FlushAsync();
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }

        protected override void SerializeToStream(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
            throw new NotSupportedException("duplex content is written asynchronously");
    }
}
