using System.Runtime.InteropServices;
using Gimbal.Yarp.FastLane.Http;
using Gimbal.Yarp.FastLane.Routing;

namespace Gimbal.Yarp.FastLane.Loop;

internal enum UpstreamState
{
    Connecting,
    Sending,
    Receiving,
    Idle,
}

/// <summary>
/// One connection to a destination: the request head going out, then the response coming back
/// through the same buffer, relayed to the client as it arrives. Pooled per event loop while idle.
/// </summary>
internal sealed unsafe class UpstreamConnection : LoopConnection, IDisposable
{
    /// <summary>A request head (at most 16 KiB) plus the forwarding headers fits; responses pass through in pieces of this size.</summary>
    public const int BufferSize = 32768;

    public UpstreamConnection(UpstreamAddress address)
    {
        Address = address;
        Buffer = (byte*)NativeMemory.Alloc(BufferSize);
    }

    public UpstreamAddress Address { get; }

    public byte* Buffer { get; private set; }

    public UpstreamState State { get; set; }

    /// <summary>Taken from the pool: a failure before any response byte may be the peer's idle close.</summary>
    public bool Reused { get; set; }

    public ClientConnection? Client { get; set; }

    /// <summary>Request bytes to send: Buffer[SendOffset..SendLength].</summary>
    public int SendOffset { get; set; }

    public int SendLength { get; set; }

    /// <summary>Response bytes held in Buffer.</summary>
    public int Length { get; set; }

    public bool HeadParsed { get; set; }

    public BodyFraming Framing { get; set; }

    public long Remaining { get; set; }

    public ChunkedBodyScanner Chunks;

    public bool Done { get; set; }

    /// <summary>The upstream closed or reset the connection (it may still have data to read).</summary>
    public bool PeerClosed { get; set; }

    /// <summary>False once the upstream said close, or sent bytes past the response.</summary>
    public bool Reusable { get; set; } = true;

    /// <summary>The rewritten response head for the client (null until a head arrived).</summary>
    public byte* HeadOut { get; private set; }

    public int HeadOutCapacity { get; private set; }

    public int HeadOutOffset { get; set; }

    public int HeadOutLength { get; set; }

    /// <summary>Body bytes to relay: Buffer[BodyOffset..BodyEnd].</summary>
    public int BodyOffset { get; set; }

    public int BodyEnd { get; set; }

    public bool HasOutput => HeadOutOffset < HeadOutLength || BodyOffset < BodyEnd;

    public void EnsureHeadOut(int capacity)
    {
        if (HeadOutCapacity < capacity)
        {
            HeadOut = (byte*)NativeMemory.Realloc(HeadOut, (nuint)capacity);
            HeadOutCapacity = capacity;
        }
    }

    /// <summary>Ready for the next exchange.</summary>
    public void ResetExchange()
    {
        Client = null;
        SendOffset = SendLength = Length = 0;
        HeadParsed = Done = false;
        Framing = BodyFraming.None;
        Remaining = 0;
        Chunks.Reset();
        HeadOutOffset = HeadOutLength = BodyOffset = BodyEnd = 0;
    }

    public void Dispose()
    {
        if (Buffer != null)
        {
            NativeMemory.Free(Buffer);
            Buffer = null;
        }

        if (HeadOut != null)
        {
            NativeMemory.Free(HeadOut);
            HeadOut = null;
        }
    }
}
