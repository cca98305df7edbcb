using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Pipelines;
using Google.Protobuf;

namespace Gimbal.Xds.Grpc;

/// <summary>Reads gRPC length-prefixed messages (1 flag byte, 4-byte big-endian length) from a request body.</summary>
internal sealed class GrpcMessageReader<T> : IAsyncStreamReader<T>
    where T : IMessage<T>
{
    private const int HeaderSize = 5;
    private readonly PipeReader _reader;
    private readonly MessageParser<T> _parser;
    private readonly int _maxMessageSize;
    private readonly bool _gzip;

    public GrpcMessageReader(PipeReader reader, MessageParser<T> parser, int maxMessageSize, bool gzip)
    {
        _reader = reader;
        _parser = parser;
        _maxMessageSize = maxMessageSize;
        _gzip = gzip;
    }

    public T Current { get; private set; } = default!;

    public async Task<bool> MoveNext(CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await _reader.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            if (TryReadMessage(ref buffer, out var message))
            {
                _reader.AdvanceTo(buffer.Start);
                Current = message;
                return true;
            }

            if (result.IsCompleted || result.IsCanceled)
            {
                var leftover = buffer.Length;
                _reader.AdvanceTo(buffer.End);
                if (leftover > 0)
                {
                    throw new RpcException(new Status(StatusCode.Internal, "Incomplete message."));
                }

                return false;
            }

            _reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private bool TryReadMessage(ref ReadOnlySequence<byte> buffer, out T message)
    {
        message = default!;
        if (buffer.Length < HeaderSize)
        {
            return false;
        }

        Span<byte> header = stackalloc byte[HeaderSize];
        buffer.Slice(0, HeaderSize).CopyTo(header);
        var compressed = header[0] switch
        {
            0 => false,
            1 => true,
            _ => throw new RpcException(new Status(StatusCode.Internal, "Invalid compression flag.")),
        };
        var length = BinaryPrimitives.ReadUInt32BigEndian(header[1..]);
        if (length > (uint)_maxMessageSize)
        {
            throw new RpcException(new Status(StatusCode.ResourceExhausted, $"Received message larger than max ({length} vs. {_maxMessageSize})."));
        }

        if (buffer.Length < HeaderSize + length)
        {
            return false;
        }

        var payload = buffer.Slice(HeaderSize, length);
        message = compressed ? ParseCompressed(payload) : _parser.ParseFrom(payload);
        buffer = buffer.Slice(payload.End);
        return true;
    }

    private T ParseCompressed(ReadOnlySequence<byte> payload)
    {
        if (!_gzip)
        {
            throw new RpcException(new Status(StatusCode.Internal, "Compressed message without a grpc-encoding."));
        }

        using var input = new GZipStream(new MemoryStream(payload.ToArray()), CompressionMode.Decompress);
        using var output = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = input.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (output.Length + read > _maxMessageSize)
            {
                throw new RpcException(new Status(StatusCode.ResourceExhausted, "Decompressed message larger than max."));
            }

            output.Write(chunk, 0, read);
        }

        output.Position = 0;
        return _parser.ParseFrom(output);
    }
}
