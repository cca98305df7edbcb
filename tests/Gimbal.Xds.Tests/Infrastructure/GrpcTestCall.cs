using System.Buffers.Binary;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Threading.Channels;
using Google.Protobuf;

namespace Gimbal.Xds.Tests.Infrastructure;

/// <summary>
/// A bidirectional gRPC call driven by hand over HttpClient HTTP/2: a duplex request body fed from a
/// channel, and length-prefixed messages parsed from the response body.
/// </summary>
internal sealed class GrpcTestCall<TRequest, TResponse> : IAsyncDisposable
    where TRequest : IMessage<TRequest>
    where TResponse : IMessage<TResponse>
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly DuplexContent _content;
    private readonly MessageParser<TResponse> _parser;
    private readonly CancellationTokenSource _abort = new();
    private Stream? _body;

    private GrpcTestCall(DuplexContent content, MessageParser<TResponse> parser)
    {
        _content = content;
        _parser = parser;
    }

    public HttpResponseMessage Response { get; private set; } = null!;

    public static async Task<GrpcTestCall<TRequest, TResponse>> StartAsync(
        HttpClient client, string path, MessageParser<TResponse> parser, Action<HttpRequestMessage>? configure = null)
    {
        var content = new DuplexContent();
        var call = new GrpcTestCall<TRequest, TResponse>(content, parser);
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = content,
        };
        request.Headers.TryAddWithoutValidation("te", "trailers");
        configure?.Invoke(request);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(call._abort.Token);
        timeout.CancelAfter(Timeout);
        call.Response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        return call;
    }

    public static HttpClient CreateClient(Uri address, HttpMessageHandler? handler = null) => new(handler ?? new SocketsHttpHandler { EnableMultipleHttp2Connections = true })
    {
        BaseAddress = address,
        DefaultRequestVersion = HttpVersion.Version20,
        DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        Timeout = System.Threading.Timeout.InfiniteTimeSpan,
    };

    public Task SendAsync(TRequest message, bool gzip = false)
    {
        var payload = message.ToByteArray();
        if (gzip)
        {
            using var output = new MemoryStream();
            using (var zip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
            {
                zip.Write(payload);
            }

            payload = output.ToArray();
        }

        return _content.SendFrameAsync(Frame(payload, gzip));
    }

    public Task SendRawAsync(byte[] frame) => _content.SendFrameAsync(frame);

    public static byte[] Frame(byte[] payload, bool compressed)
    {
        var frame = new byte[5 + payload.Length];
        frame[0] = compressed ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)payload.Length);
        payload.CopyTo(frame, 5);
        return frame;
    }

    /// <summary>The next message, or null when the server ended the stream.</summary>
    public async Task<TResponse?> ReceiveAsync()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        _body ??= await Response.Content.ReadAsStreamAsync(timeout.Token);
        var header = new byte[5];
        if (!await ReadExactlyOrEndAsync(_body, header, timeout.Token))
        {
            return default;
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(1));
        var payload = new byte[length];
        await _body.ReadExactlyAsync(payload, timeout.Token);
        if (header[0] == 1)
        {
            using var zip = new GZipStream(new MemoryStream(payload), CompressionMode.Decompress);
            return _parser.ParseFrom(zip);
        }

        return _parser.ParseFrom(payload);
    }

    public async Task<TResponse> ReceiveRequiredAsync() =>
        await ReceiveAsync() ?? throw new InvalidOperationException($"stream ended: grpc-status {GrpcStatus()} {GrpcMessage()}");

    /// <summary>Reads to the end of the response and returns grpc-status from trailers (or trailers-only headers).</summary>
    public async Task<string?> ReadStatusAsync()
    {
        while (await ReceiveAsync() is not null)
        {
        }

        return GrpcStatus();
    }

    public string? GrpcStatus() => Header("grpc-status");

    public string? GrpcMessage() => Header("grpc-message");

    private string? Header(string name) =>
        Response.TrailingHeaders.TryGetValues(name, out var t) ? t.First() :
        Response.Headers.TryGetValues(name, out var h) ? h.First() : null;

    public void HalfClose() => _content.Complete();

    private static async Task<bool> ReadExactlyOrEndAsync(Stream stream, byte[] buffer, CancellationToken cancellationToken)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken);
            if (n == 0)
            {
                return read == 0 ? false : throw new EndOfStreamException("truncated gRPC frame");
            }

            read += n;
        }

        return true;
    }

    public async ValueTask DisposeAsync()
    {
        _content.Complete();
        await _abort.CancelAsync();
        Response?.Dispose();
        _abort.Dispose();
    }

    /// <summary>A request body that stays open and writes frames as the test sends them.</summary>
    private sealed class DuplexContent : HttpContent
    {
        private readonly Channel<(byte[] Frame, TaskCompletionSource Written)> _frames = Channel.CreateUnbounded<(byte[], TaskCompletionSource)>();

        public DuplexContent() => Headers.ContentType = new MediaTypeHeaderValue("application/grpc");

        public async Task SendFrameAsync(byte[] frame)
        {
            var written = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await _frames.Writer.WriteAsync((frame, written));
            await written.Task.WaitAsync(Timeout);
        }

        public void Complete() => _frames.Writer.TryComplete();

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            // HttpClient holds HTTP/2 request headers back to send them with the first DATA frame; a
            // duplex call that waits for response headers before sending must flush them out itself.
            await stream.FlushAsync();
            await foreach (var (frame, written) in _frames.Reader.ReadAllAsync())
            {
                try
                {
                    await stream.WriteAsync(frame);
                    await stream.FlushAsync();
                    written.TrySetResult();
                }
                catch (Exception e)
                {
                    written.TrySetException(e);
                    throw;
                }
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }
    }
}
