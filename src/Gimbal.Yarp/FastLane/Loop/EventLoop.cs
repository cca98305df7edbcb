using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Gimbal.Yarp.FastLane.Http;
using static Gimbal.Yarp.FastLane.Native.LinuxSockets;

namespace Gimbal.Yarp.FastLane.Loop;

/// <summary>
/// One fast-lane worker: a thread with its own epoll set, sharing the listening socket with the
/// other workers (EPOLLEXCLUSIVE wakes one of them per new connection). Every connection it accepts
/// stays on it, as in nginx: no locks, no thread hops, one recv and one send per direction.
/// Everything is edge-triggered; <see cref="LoopConnection.ReadReady"/> remembers an edge that
/// arrived while the data could not be taken yet.
/// </summary>
internal sealed unsafe partial class EventLoop : IDisposable
{
    private const int MaxEvents = 256;
    private const ulong ListenerData = ulong.MaxValue;
    private const ulong WakeData = ulong.MaxValue - 1;
    private const int SweepIntervalMs = 250;

    private readonly FastLaneContext _context;
    private readonly int _listener;
    private readonly int _epoll;
    private readonly int _wake;
    private readonly Thread _thread;
    private readonly List<LoopConnection?> _slots = [];
    private readonly Stack<int> _freeSlots = new();
    private readonly List<int> _releasedSlots = [];
    private readonly UpstreamPool _pool = new();
    private readonly DateHeader _date = new(TimeProvider.System);
    private volatile bool _stopping;
    private long _lastSweep;

    public EventLoop(int listener, FastLaneContext context, string name)
    {
        _context = context;
        _listener = listener;
        _epoll = EpollCreate(SockCloExec);
        _wake = EventFd(0, SockCloExec | SockNonBlock);
        if (_epoll < 0 || _wake < 0)
        {
            throw new SocketException(Marshal.GetLastPInvokeError());
        }

        Register(_wake, EpollIn, WakeData);
        Register(_listener, EpollIn | EpollExclusive, ListenerData);
        _thread = new Thread(Run) { IsBackground = true, Name = name };
    }

    public void Start() => _thread.Start();

    /// <summary>Takes the listening socket out of this loop's set (safe from any thread); held connections stay.</summary>
    public void StopAccepting() => EpollControl(_epoll, EpollCtlDel, _listener, null);

    /// <summary>Stops the loop and closes every connection it holds.</summary>
    public void Dispose()
    {
        _stopping = true;
        ulong one = 1;
        Write(_wake, &one, sizeof(ulong));
        if (_thread.IsAlive)
        {
            _thread.Join();
        }

        foreach (var connection in _slots)
        {
            if (connection is not null)
            {
                Close(connection.Fd);
                (connection as IDisposable)?.Dispose();
            }
        }

        Close(_wake);
        Close(_epoll);
    }

    private void Run()
    {
        var events = stackalloc EpollEvent[MaxEvents];
        while (!_stopping)
        {
            var count = EpollWait(_epoll, events, MaxEvents, SweepIntervalMs);
            if (count < 0 && Marshal.GetLastPInvokeError() != EInterrupted)
            {
                break;
            }

            for (var i = 0; i < count; i++)
            {
                try
                {
                    Dispatch(events[i].Data, events[i].Events);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // A fault in one exchange must not take the loop (and every connection on it) down.
                    _context.LogFault(e);
                    Drop(events[i].Data);
                }
            }

            // Slots freed in this batch are reused only now, so a later event of the same batch never reaches a newcomer.
            foreach (var slot in _releasedSlots)
            {
                _freeSlots.Push(slot);
            }

            _releasedSlots.Clear();
            var now = Environment.TickCount64;
            if (now - _lastSweep >= SweepIntervalMs)
            {
                _lastSweep = now;
                Sweep(now);
            }
        }
    }

    private void Dispatch(ulong data, uint events)
    {
        if (data == ListenerData)
        {
            AcceptAll();
            return;
        }

        if (data == WakeData)
        {
            ulong value;
            Receive(_wake, (byte*)&value, sizeof(ulong), 0);
            return;
        }

        switch (_slots[(int)data])
        {
            case ClientConnection client:
                OnClient(client, events);
                break;
            case UpstreamConnection upstream:
                OnUpstream(upstream, events);
                break;
        }
    }

    private void Drop(ulong data)
    {
        if (data < WakeData && (int)data < _slots.Count)
        {
            switch (_slots[(int)data])
            {
                case ClientConnection client:
                    CloseClient(client);
                    break;
                case UpstreamConnection { Client: { } client }:
                    CloseClient(client);
                    break;
                case UpstreamConnection upstream:
                    CloseUpstream(upstream);
                    break;
            }
        }
    }

    private void AcceptAll()
    {
        var address = stackalloc byte[128];
        while (!_stopping)
        {
            uint length = 128;
            var fd = Accept(_listener, address, &length, SockNonBlock | SockCloExec);
            if (fd < 0)
            {
                return;
            }

            SetNoDelay(fd);
            var client = new ClientConnection(RemoteAddress(address)) { Fd = fd, LastActivity = Environment.TickCount64 };
            Add(client);
            _context.Metrics.RecordFastLaneConnection(1);
        }
    }

    /// <summary>The peer's IP as <c>IPAddress.ToString()</c> writes it, which is what the full pipeline puts into X-Forwarded-For.</summary>
    private static string RemoteAddress(byte* address)
    {
        var family = *(ushort*)address;
        if (family == AfInet)
        {
            return new IPAddress(new ReadOnlySpan<byte>(address + 4, 4)).ToString();
        }

        return family == AfInet6 ? new IPAddress(new ReadOnlySpan<byte>(address + 8, 16), *(uint*)(address + 24)).ToString() : string.Empty;
    }

    private void Add(LoopConnection connection)
    {
        var slot = _freeSlots.Count > 0 ? _freeSlots.Pop() : AddSlot();
        _slots[slot] = connection;
        connection.Slot = slot;
        Register(connection.Fd, EpollIn | EpollOut | EpollRdHup | EpollEdgeTriggered, (ulong)slot);
    }

    private int AddSlot()
    {
        _slots.Add(null);
        return _slots.Count - 1;
    }

    private void Register(int fd, uint events, ulong data)
    {
        var change = new EpollEvent { Events = events, Data = data };
        if (EpollControl(_epoll, EpollCtlAdd, fd, &change) != 0)
        {
            throw new SocketException(Marshal.GetLastPInvokeError());
        }
    }

    /// <summary>Forgets a connection: its slot, its epoll registration (implicitly, by close, or explicitly for a handoff).</summary>
    private void Release(LoopConnection connection, bool closeFd)
    {
        if (connection.Slot >= 0)
        {
            _slots[connection.Slot] = null;
            _releasedSlots.Add(connection.Slot);
            connection.Slot = -1;
        }

        if (closeFd)
        {
            Close(connection.Fd);
        }
        else
        {
            EpollControl(_epoll, EpollCtlDel, connection.Fd, null);
        }

        connection.Fd = -1;
        (connection as IDisposable)?.Dispose();
    }

    private void CloseClient(ClientConnection client)
    {
        if (client.Upstream is { } upstream)
        {
            client.Upstream = null;
            CloseUpstream(upstream);
        }

        if (client.Fd >= 0)
        {
            Release(client, closeFd: true);
            _context.Metrics.RecordFastLaneConnection(-1);
        }
    }

    private void CloseUpstream(UpstreamConnection upstream)
    {
        if (upstream.State == UpstreamState.Idle)
        {
            _pool.Remove(upstream);
        }

        if (upstream.Fd >= 0)
        {
            Release(upstream, closeFd: true);
        }
    }

    /// <summary>Gives the client connection to Kestrel with every byte read from it so far; it never comes back.</summary>
    private void Handoff(ClientConnection client, HandoffReason reason)
    {
        _context.Metrics.RecordFastLaneHandoff(HandoffReasonNames.Of(reason));
        if (client.Upstream is { } upstream)
        {
            client.Upstream = null;
            CloseUpstream(upstream);
        }

        var fd = client.Fd;
        var received = client.Received.ToArray();
        Release(client, closeFd: false);
        _context.Metrics.RecordFastLaneConnection(-1);
        _context.Handoff(fd, received);
    }

    /// <summary>Timeouts, checked a few times a second: idle and slow clients, silent upstreams, stale pooled connections.</summary>
    private void Sweep(long now)
    {
        for (var i = 0; i < _slots.Count; i++)
        {
            switch (_slots[i])
            {
                case ClientConnection { Forwarding: false } client:
                    var limit = client.Length == 0 ? _context.KeepAliveTimeout : _context.RequestHeadersTimeout;
                    if (now - client.LastActivity > (long)limit.TotalMilliseconds)
                    {
                        CloseClient(client);
                    }

                    break;
                case UpstreamConnection { State: UpstreamState.Idle } idle when now - idle.LastActivity > (long)_context.PooledConnectionIdleTimeout.TotalMilliseconds:
                    CloseUpstream(idle);
                    break;
                case UpstreamConnection { Client: { } owner } busy when now - busy.LastActivity > (long)_context.UpstreamActivityTimeout.TotalMilliseconds:
                    TimeOut(owner);
                    break;
            }
        }
    }

}
