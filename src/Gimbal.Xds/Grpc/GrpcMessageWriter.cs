using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Pipelines;
using Google.Protobuf;

namespace Gimbal.Xds.Grpc;

/// <summary>Writes gRPC length-prefixed messages to a response body and flushes each one.</summary>
internal sealed class GrpcMessageWriter<T> : IServerStreamWriter<T>, IEncodedStreamWriter
    where T : IMessage<T>
{
    private const int HeaderSize = 5;
    private readonly PipeWriter _writer;
    private readonly int _maxMessageSize;
    private readonly bool _gzip;

    public GrpcMessageWriter(PipeWriter writer, int maxMessageSize, bool gzip)
    {
        _writer = writer;
        _maxMessageSize = maxMessageSize;
        _gzip = gzip;
    }

    /// <summary>Bytes written to the stream so far, framing included.</summary>
    public long BytesWritten { get; private set; }

    public async Task WriteAsync(T message, CancellationToken cancellationToken)
    {
        var size = message.CalculateSize();
        if (size > _maxMessageSize)
        {
            throw new RpcException(new Status(StatusCode.ResourceExhausted, $"Sending message larger than max ({size} vs. {_maxMessageSize})."));
        }

        if (_gzip)
        {
            var compressed = Compress(message);
            WriteHeader(1, compressed.Length);
            _writer.Write(compressed.AsSpan());
            BytesWritten += HeaderSize + compressed.Length;
        }
        else
        {
            WriteHeader(0, size);
            message.WriteTo(_writer);
            BytesWritten += HeaderSize + size;
        }

        await FlushAsync(cancellationToken);
    }

    public async Task WriteEncodedAsync(IReadOnlyList<byte[]> pieces, CancellationToken cancellationToken)
    {
        var size = 0L;
        foreach (var piece in pieces)
        {
            size += piece.Length;
        }

        if (size > _maxMessageSize)
        {
            throw new RpcException(new Status(StatusCode.ResourceExhausted, $"Sending message larger than max ({size} vs. {_maxMessageSize})."));
        }

        if (_gzip)
        {
            var compressed = Compress(pieces);
            WriteHeader(1, compressed.Length);
            _writer.Write(compressed.AsSpan());
            BytesWritten += HeaderSize + compressed.Length;
        }
        else
        {
            WriteHeader(0, (int)size);
            foreach (var piece in pieces)
            {
                _writer.Write(piece.AsSpan());
            }

            BytesWritten += HeaderSize + size;
        }

        await FlushAsync(cancellationToken);
    }

    private async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        var flush = await _writer.FlushAsync(cancellationToken);
        if (flush.IsCanceled || flush.IsCompleted)
        {
            throw new OperationCanceledException("The response stream was closed.");
        }
    }

    private void WriteHeader(byte flag, int length)
    {
        var header = _writer.GetSpan(HeaderSize);
        header[0] = flag;
        BinaryPrimitives.WriteUInt32BigEndian(header[1..], (uint)length);
        _writer.Advance(HeaderSize);
    }

    private static byte[] Compress(IReadOnlyList<byte[]> pieces)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            foreach (var piece in pieces)
            {
                gzip.Write(piece);
            }
        }

        return output.ToArray();
    }

    private static byte[] Compress(T message)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            message.WriteTo(gzip);
        }

        return output.ToArray();
    }
}
