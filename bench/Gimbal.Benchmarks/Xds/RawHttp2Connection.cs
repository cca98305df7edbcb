using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;

namespace Gimbal.Benchmarks.Xds;

/// <summary>
/// The benchmark's HTTP/2 client: one real socket speaking HTTP/2 with prior knowledge, reading frames
/// by hand. It shares the 2 cores with the server it measures, so it does the least a client can:
/// response header blocks are skipped (never HPACK-decoded), gRPC messages are cut out of DATA frames
/// and timestamped as they complete, and flow-control windows are opened wide once.
/// </summary>
internal sealed class RawHttp2Connection : IAsyncDisposable
{
    private const byte Data = 0x0, Headers = 0x1, RstStream = 0x3, Settings = 0x4, Ping = 0x6, GoAway = 0x7, WindowUpdate = 0x8;
    private const byte EndStream = 0x1, Ack = 0x1, EndHeaders = 0x4, Padded = 0x8, Priority = 0x20;
    private const int MaxWindow = int.MaxValue;
    private const int ReplenishAt = 1 << 30;
    private static readonly byte[] Preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8.ToArray();
    private readonly Socket _socket;
    private readonly NetworkStream _network;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly Dictionary<int, RawGrpcStream> _streams = [];
    private readonly string _authority;
    private readonly CancellationTokenSource _closed = new();
    private int _nextStreamId = 1;
    private long _connectionUnacknowledged;
    private Task _reader = Task.CompletedTask;

    private RawHttp2Connection(Socket socket, string authority)
    {
        _socket = socket;
        _network = new NetworkStream(socket, ownsSocket: true);
        _authority = authority;
    }

    public static async Task<RawHttp2Connection> ConnectAsync(Uri address, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Parse(address.Host), address.Port), cancellationToken);
        var connection = new RawHttp2Connection(socket, $"{address.Host}:{address.Port}");
        var start = new List<byte>(Preface);

        // SETTINGS: no server push, stream windows as large as allowed; then the connection window too.
        var settings = new byte[12];
        BinaryPrimitives.WriteUInt16BigEndian(settings, 0x2);
        BinaryPrimitives.WriteUInt32BigEndian(settings.AsSpan(2), 0);
        BinaryPrimitives.WriteUInt16BigEndian(settings.AsSpan(6), 0x4);
        BinaryPrimitives.WriteUInt32BigEndian(settings.AsSpan(8), MaxWindow);
        start.AddRange(Frame(Settings, 0, 0, settings));
        start.AddRange(Frame(WindowUpdate, 0, 0, Increment(MaxWindow - 65535)));
        await connection._network.WriteAsync(start.ToArray(), cancellationToken);
        connection._reader = Task.Run(() => connection.ReadLoopAsync(connection._closed.Token), CancellationToken.None);
        return connection;
    }

    /// <summary>Opens a gRPC call on <paramref name="path"/>: one HEADERS frame, the call stays open both ways.</summary>
    public async Task<RawGrpcStream> OpenAsync(string path, CancellationToken cancellationToken)
    {
        var block = new List<byte>
        {
            0x83, // :method POST
            0x86, // :scheme http
        };
        LiteralIndexedName(block, 4, path);
        LiteralIndexedName(block, 1, _authority);
        LiteralIndexedName(block, 31, "application/grpc");
        LiteralNewName(block, "te", "trailers");

        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            var id = _nextStreamId;
            _nextStreamId += 2;
            var stream = new RawGrpcStream(this, id);
            lock (_streams)
            {
                _streams[id] = stream;
            }

            await _network.WriteAsync(Frame(Headers, EndHeaders, id, [.. block]), cancellationToken);
            return stream;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Sends one gRPC message (tiny requests: well inside the server's windows and frame size).</summary>
    internal async Task SendAsync(int streamId, ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        var payload = new byte[5 + message.Length];
        BinaryPrimitives.WriteUInt32BigEndian(payload.AsSpan(1), (uint)message.Length);
        message.CopyTo(payload.AsMemory(5));
        await WriteAsync(Frame(Data, 0, streamId, payload), cancellationToken);
    }

    private async Task WriteAsync(byte[] frame, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            await _network.WriteAsync(frame, cancellationToken);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task ReadLoopAsync(CancellationToken cancellationToken)
    {
        // Frames are read from a buffer filled by large socket reads: one receive call for many frames,
        // not two per frame (header, then payload). Writes go to the socket directly.
        var input = new BufferedStream(_network, 1 << 16);
        var header = new byte[9];
        var payload = new byte[16384];
        Exception? failure = null;
        try
        {
            while (true)
            {
                await input.ReadExactlyAsync(header, cancellationToken);
                var length = (header[0] << 16) | (header[1] << 8) | header[2];
                var type = header[3];
                var flags = header[4];
                var streamId = (int)(BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(5)) & 0x7FFFFFFF);
                if (payload.Length < length)
                {
                    payload = new byte[length];
                }

                await input.ReadExactlyAsync(payload.AsMemory(0, length), cancellationToken);
                var body = payload.AsSpan(0, length);
                switch (type)
                {
                    case Data:
                        await OnDataAsync(streamId, flags, body.ToArray(), cancellationToken);
                        break;
                    case Headers when (flags & EndStream) != 0:
                    case RstStream:
                        Find(streamId)?.End(type == RstStream ? "the server reset the stream" : "the server ended the call (trailers)");
                        break;
                    case Settings when (flags & Ack) == 0:
                        await WriteAsync(Frame(Settings, Ack, 0, []), cancellationToken);
                        break;
                    case Ping when (flags & Ack) == 0:
                        await WriteAsync(Frame(Ping, Ack, 0, body.ToArray()), cancellationToken);
                        break;
                    case GoAway:
                        throw new InvalidOperationException("the server sent GOAWAY");
                    default:
                        // Other header blocks (response headers, CONTINUATION), WINDOW_UPDATE, PRIORITY: nothing to do.
                        break;
                }
            }
        }
        catch (Exception e)
        {
            failure = e;
        }

        lock (_streams)
        {
            foreach (var stream in _streams.Values)
            {
                stream.End($"the connection ended: {failure?.Message}");
            }
        }
    }

    private async Task OnDataAsync(int streamId, byte flags, byte[] body, CancellationToken cancellationToken)
    {
        var data = body.AsMemory();
        if ((flags & Padded) != 0)
        {
            data = data[1..^body[0]];
        }

        var stream = Find(streamId);
        stream?.Receive(data.Span);
        if ((flags & EndStream) != 0)
        {
            stream?.End("the server ended the stream");
        }

        // Windows were opened to 2^31-1: give back what was used once a large part of it is gone.
        _connectionUnacknowledged += body.Length;
        if (_connectionUnacknowledged >= ReplenishAt)
        {
            await WriteAsync(Frame(WindowUpdate, 0, 0, Increment((int)_connectionUnacknowledged)), cancellationToken);
            _connectionUnacknowledged = 0;
        }

        if (stream is not null && stream.TakeUnacknowledged(body.Length, ReplenishAt) is { } streamIncrement)
        {
            await WriteAsync(Frame(WindowUpdate, 0, streamId, Increment(streamIncrement)), cancellationToken);
        }
    }

    private RawGrpcStream? Find(int streamId)
    {
        lock (_streams)
        {
            return _streams.GetValueOrDefault(streamId);
        }
    }

    internal async Task ResetAsync(int streamId)
    {
        lock (_streams)
        {
            _streams.Remove(streamId);
        }

        var cancel = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(cancel, 0x8);
        try
        {
            await WriteAsync(Frame(RstStream, 0, streamId, cancel), CancellationToken.None);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException)
        {
            // The connection is already gone, and the stream with it.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _closed.CancelAsync();
        _socket.Shutdown(SocketShutdown.Both);
        await _network.DisposeAsync();
        await _reader;
        _closed.Dispose();
        _writeLock.Dispose();
    }

    private static byte[] Frame(byte type, byte flags, int streamId, byte[] payload)
    {
        var frame = new byte[9 + payload.Length];
        frame[0] = (byte)(payload.Length >> 16);
        frame[1] = (byte)(payload.Length >> 8);
        frame[2] = (byte)payload.Length;
        frame[3] = type;
        frame[4] = flags;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(5), (uint)streamId);
        payload.CopyTo(frame, 9);
        return frame;
    }

    private static byte[] Increment(int value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)value);
        return bytes;
    }

    // HPACK "literal header field without indexing" (RFC 7541 6.2.2), no Huffman coding.
    private static void LiteralIndexedName(List<byte> block, int nameIndex, string value)
    {
        Integer(block, 0x00, 4, nameIndex);
        String(block, value);
    }

    private static void LiteralNewName(List<byte> block, string name, string value)
    {
        block.Add(0x00);
        String(block, name);
        String(block, value);
    }

    private static void String(List<byte> block, string value)
    {
        var bytes = Encoding.ASCII.GetBytes(value);
        Integer(block, 0x00, 7, bytes.Length);
        block.AddRange(bytes);
    }

    private static void Integer(List<byte> block, byte high, int prefixBits, int value)
    {
        var max = (1 << prefixBits) - 1;
        if (value < max)
        {
            block.Add((byte)(high | value));
            return;
        }

        block.Add((byte)(high | max));
        value -= max;
        while (value >= 128)
        {
            block.Add((byte)((value & 0x7F) | 0x80));
            value >>= 7;
        }

        block.Add((byte)value);
    }
}

/// <summary>One gRPC call on a <see cref="RawHttp2Connection"/>: whole messages out, whole timestamped messages in.</summary>
internal sealed class RawGrpcStream
{
    private readonly RawHttp2Connection _connection;
    private readonly Channel<(byte[] Message, long Timestamp)> _messages = Channel.CreateUnbounded<(byte[], long)>(new UnboundedChannelOptions { SingleWriter = true });
    private byte[] _buffer = new byte[256];
    private int _buffered;
    private long _unacknowledged;

    public RawGrpcStream(RawHttp2Connection connection, int id)
    {
        _connection = connection;
        Id = id;
    }

    public int Id { get; }

    public Task SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken) =>
        _connection.SendAsync(Id, message, cancellationToken);

    /// <summary>The next message's protobuf bytes (without the 5-byte gRPC prefix) and when its last byte arrived.</summary>
    public ValueTask<(byte[] Message, long Timestamp)> ReceiveAsync(CancellationToken cancellationToken) =>
        _messages.Reader.ReadAsync(cancellationToken);

    public Task ResetAsync() => _connection.ResetAsync(Id);

    // Called by the connection's read loop only.
    internal void Receive(ReadOnlySpan<byte> data)
    {
        if (_buffer.Length < _buffered + data.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _buffered + data.Length));
        }

        data.CopyTo(_buffer.AsSpan(_buffered));
        _buffered += data.Length;
        var consumed = 0;
        while (_buffered - consumed >= 5)
        {
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(_buffer.AsSpan(consumed + 1));
            if (_buffered - consumed - 5 < length)
            {
                break;
            }

            if (_buffer[consumed] != 0)
            {
                End("a compressed message arrived, but the benchmark does not ask for compression");
                return;
            }

            _messages.Writer.TryWrite((_buffer.AsSpan(consumed + 5, length).ToArray(), System.Diagnostics.Stopwatch.GetTimestamp()));
            consumed += 5 + length;
        }

        _buffer.AsSpan(consumed, _buffered - consumed).CopyTo(_buffer);
        _buffered -= consumed;
    }

    internal int? TakeUnacknowledged(int bytes, int threshold)
    {
        _unacknowledged += bytes;
        if (_unacknowledged < threshold)
        {
            return null;
        }

        var increment = (int)_unacknowledged;
        _unacknowledged = 0;
        return increment;
    }

    internal void End(string reason) => _messages.Writer.TryComplete(new InvalidOperationException($"gRPC stream {Id}: {reason}"));
}
