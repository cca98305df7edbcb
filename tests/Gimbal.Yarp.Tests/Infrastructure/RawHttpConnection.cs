using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Gimbal.Yarp.Tests.Infrastructure;

/// <summary>One HTTP/1.x response exactly as it came off the wire (header order and repeats kept).</summary>
public sealed record RawResponse(string Version, int Status, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body)
{
    public IEnumerable<string> Values(string name) =>
        Headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value);

    /// <summary>The header's only value, or null when absent.</summary>
    public string? Header(string name) => Values(name).SingleOrDefault();

    public bool Chunked => Values("Transfer-Encoding").Any(v => v.Contains("chunked", StringComparison.OrdinalIgnoreCase));

    public string Text => Encoding.UTF8.GetString(Body);

    /// <summary>The status line as received, e.g. "HTTP/1.1 200 OK".</summary>
    public string StatusLine { get; init; } = string.Empty;
}

/// <summary>
/// A client TCP connection on loopback that sends exact request bytes and parses HTTP/1.x responses itself, so tests
/// control pipelining, framing and malformed requests that HttpClient would never send. Every read gives up after
/// 30 s (a hung gateway fails the test instead of hanging it).
/// </summary>
public sealed class RawHttpConnection : IAsyncDisposable
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(30);
    private readonly Socket _socket;
    private byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;
    private string _statusLine = string.Empty;

    private RawHttpConnection(Socket socket) => _socket = socket;

    public static async Task<RawHttpConnection> OpenAsync(int port)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(IPAddress.Loopback, port);
        return new RawHttpConnection(socket);
    }

    /// <summary>Sends <paramref name="request"/> (Latin-1 bytes) in one write.</summary>
    public Task SendAsync(string request) => SendAsync(Encoding.Latin1.GetBytes(request));

    public async Task SendAsync(ReadOnlyMemory<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            var sent = await _socket.SendAsync(bytes, SocketFlags.None);
            bytes = bytes[sent..];
        }
    }

    /// <summary>Reads one whole response; <paramref name="head"/> says it answers a HEAD request (no body follows).</summary>
    public async Task<RawResponse> ReadResponseAsync(bool head = false)
    {
        var (version, status, headers) = await ReadHeadAsync();
        return new RawResponse(version, status, headers, await ReadBodyAsync(status, headers, head)) { StatusLine = _statusLine };
    }

    /// <summary>Sends <paramref name="request"/> and reads its response.</summary>
    public async Task<RawResponse> ExchangeAsync(string request, bool head = false)
    {
        await SendAsync(request);
        return await ReadResponseAsync(head);
    }

    /// <summary>Reads a response's status line and headers only; the body stays unread.</summary>
    public async Task<(string Version, int Status, IReadOnlyList<KeyValuePair<string, string>> Headers)> ReadHeadAsync()
    {
        int end;
        while ((end = _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n\r\n"u8)) < 0)
        {
            if (!await FillAsync())
            {
                throw new IOException($"The connection closed before a complete response head; got: '{Encoding.Latin1.GetString(_buffer, _start, _end - _start)}'");
            }
        }

        var lines = Encoding.Latin1.GetString(_buffer, _start, end).Split("\r\n");
        _start += end + 4;
        _statusLine = lines[0];
        var statusLine = lines[0].Split(' ', 3);
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers.Add(new(line[..colon], line[(colon + 1)..].Trim()));
        }

        return (statusLine[0], int.Parse(statusLine[1], CultureInfo.InvariantCulture), headers);
    }

    /// <summary>Reads exactly <paramref name="count"/> bytes (of a body being read piecemeal).</summary>
    public async Task<byte[]> ReadBytesAsync(int count)
    {
        var bytes = new byte[count];
        var copied = 0;
        while (copied < count)
        {
            if (_start == _end && !await FillAsync())
            {
                throw new IOException($"The connection closed after {copied} of {count} expected bytes.");
            }

            var n = Math.Min(count - copied, _end - _start);
            _buffer.AsSpan(_start, n).CopyTo(bytes.AsSpan(copied));
            _start += n;
            copied += n;
        }

        return bytes;
    }

    /// <summary>True when the peer closes (or resets) the connection without sending anything more within 30 s.</summary>
    public async Task<bool> ClosedByPeerAsync(TimeSpan? within = null)
    {
        if (_start < _end)
        {
            return false;
        }

        try
        {
            return !await FillAsync(within);
        }
        catch (SocketException)
        {
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>Half-closes the connection: the server reads the end of the stream, and can still answer.</summary>
    public void ShutdownSend() => _socket.Shutdown(SocketShutdown.Send);

    /// <summary>Drops the connection with a reset, like a client process killed mid-response.</summary>
    public void Abort()
    {
        _socket.LingerState = new LingerOption(true, 0);
        _socket.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<byte[]> ReadBodyAsync(int status, IReadOnlyList<KeyValuePair<string, string>> headers, bool head)
    {
        if (head || status is 204 or 304 || status < 200)
        {
            return [];
        }

        string? Value(string name) => headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).SingleOrDefault();
        if (Value("Transfer-Encoding") is { } encoding && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            return await ReadChunkedAsync();
        }

        if (Value("Content-Length") is { } length)
        {
            return await ReadBytesAsync(int.Parse(length, CultureInfo.InvariantCulture));
        }

        using var rest = new MemoryStream();
        do
        {
            rest.Write(_buffer, _start, _end - _start);
            _start = _end;
        }
        while (await FillAsync());
        return rest.ToArray();
    }

    private async Task<byte[]> ReadChunkedAsync()
    {
        using var body = new MemoryStream();
        while (true)
        {
            var sizeLine = await ReadLineAsync();
            var size = int.Parse(sizeLine.Split(';')[0].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (size == 0)
            {
                while ((await ReadLineAsync()).Length > 0)
                {
                    // Trailer fields: none of these tests look at them.
                }

                return body.ToArray();
            }

            body.Write(await ReadBytesAsync(size));
            if ((await ReadLineAsync()).Length != 0)
            {
                throw new InvalidDataException("A chunk's data was not followed by CRLF.");
            }
        }
    }

    private async Task<string> ReadLineAsync()
    {
        int end;
        while ((end = _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n"u8)) < 0)
        {
            if (!await FillAsync())
            {
                throw new IOException("The connection closed in the middle of a line.");
            }
        }

        var line = Encoding.Latin1.GetString(_buffer, _start, end);
        _start += end + 2;
        return line;
    }

    /// <summary>Reads more bytes after the unread ones; false at the end of the stream.</summary>
    private async Task<bool> FillAsync(TimeSpan? timeout = null)
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        using var cancel = new CancellationTokenSource(timeout ?? ReadTimeout);
        int read;
        try
        {
            read = await _socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, cancel.Token);
        }
        catch (OperationCanceledException ex)
        {
            throw new TimeoutException($"No bytes from the server within {(timeout ?? ReadTimeout).TotalSeconds} s.", ex);
        }

        _end += read;
        return read > 0;
    }
}
