using System.Runtime.InteropServices;
using Gimbal.Yarp.FastLane.Http;
using Gimbal.Yarp.FastLane.Routing;

namespace Gimbal.Yarp.FastLane.Loop;

/// <summary>What a connection's epoll registration points at: its slot in the event loop's table.</summary>
internal abstract class LoopConnection
{
    public int Fd { get; set; } = -1;

    public int Slot { get; set; } = -1;

    /// <summary>Edge-triggered epoll: set by an EPOLLIN edge, cleared once a read finds the socket drained.</summary>
    public bool ReadReady { get; set; }

    public long LastActivity { get; set; }
}

/// <summary>One client connection of the fast lane: its request buffer and the exchange in progress.</summary>
internal sealed unsafe class ClientConnection : LoopConnection, IDisposable
{
    public const int InitialBuffer = 4096;

    /// <summary>Heads above this go to Kestrel (its limit is 32 KiB, with its own 431).</summary>
    public const int MaxBuffer = 16384;

    private byte[]? _lastHostHeader;
    private string _lastHostName = string.Empty;

    public ClientConnection(string remoteAddress)
    {
        RemoteAddress = remoteAddress;
        Buffer = (byte*)NativeMemory.Alloc(InitialBuffer);
        Capacity = InitialBuffer;
        HeaderValues = name => Head.Values(Received, name);
    }

    /// <summary>The client's IP as the full pipeline writes it into X-Forwarded-For.</summary>
    public string RemoteAddress { get; }

    public byte* Buffer { get; private set; }

    public int Capacity { get; private set; }

    /// <summary>Bytes received and not yet consumed; the current request's head starts at 0.</summary>
    public int Length { get; set; }

    public ReadOnlySpan<byte> Received => new(Buffer, Length);

    public RequestHead Head { get; } = new();

    /// <summary>Header lookup for routes that match on headers, made once per connection.</summary>
    public Func<string, string?> HeaderValues { get; }

    /// <summary>The exchange in progress; null while reading a request head.</summary>
    public UpstreamConnection? Upstream { get; set; }

    public bool Forwarding { get; set; }

    public FastRoute? Route { get; set; }

    public UpstreamAddress? Address { get; set; }

    public long StartTimestamp { get; set; }

    /// <summary>A failed reused upstream connection gets one retry on a fresh one.</summary>
    public int Attempts { get; set; }

    /// <summary>Response bytes went to the client: from here on, a failure can only close the connection.</summary>
    public bool ResponseStarted { get; set; }

    public int Status { get; set; }

    /// <summary>The client shut down its sending side (EPOLLRDHUP).</summary>
    public bool PeerClosed { get; set; }

    public bool Grow()
    {
        if (Capacity >= MaxBuffer)
        {
            return false;
        }

        Buffer = (byte*)NativeMemory.Realloc(Buffer, MaxBuffer);
        Capacity = MaxBuffer;
        return true;
    }

    /// <summary>Drops the current request's head, keeping anything pipelined after it.</summary>
    public void ConsumeHead()
    {
        var rest = Length - Head.Length;
        if (rest > 0)
        {
            System.Buffer.MemoryCopy(Buffer + Head.Length, Buffer, Capacity, rest);
        }

        Length = rest;
    }

    /// <summary>The host name of the Host header; the last one is cached, since a connection rarely changes host.</summary>
    public string HostName(ReadOnlySpan<byte> hostHeader)
    {
        if (_lastHostHeader is null || !hostHeader.SequenceEqual(_lastHostHeader))
        {
            _lastHostHeader = hostHeader.ToArray();
            _lastHostName = FastLaneTable.HostName(hostHeader);
        }

        return _lastHostName;
    }

    public void Dispose()
    {
        if (Buffer != null)
        {
            NativeMemory.Free(Buffer);
            Buffer = null;
        }
    }
}
