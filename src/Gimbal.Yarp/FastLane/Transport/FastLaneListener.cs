using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Gimbal.Yarp.FastLane.Loop;
using Gimbal.Yarp.FastLane.Native;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;

namespace Gimbal.Yarp.FastLane.Transport;

/// <summary>
/// The fast lane's side of a Kestrel listener: it owns the listening socket and one event loop per
/// core. Kestrel "accepts" only the connections the loops hand off, already connected and with the
/// bytes read so far replayed, and serves those with its HTTP stack and YARP.
/// </summary>
internal sealed class FastLaneListener : IConnectionListener
{
    private readonly Socket _socket;
    private readonly EventLoop[] _loops;
    private readonly SocketConnectionContextFactory _connections;
    private readonly Channel<(int Fd, byte[] Received)> _handoffs = Channel.CreateUnbounded<(int, byte[])>(new UnboundedChannelOptions { SingleReader = true });
    private int _unbound;

    public FastLaneListener(FastLaneEndPoint endPoint, Func<Action<int, byte[]>, FastLaneContext> context, SocketConnectionContextFactory connections)
    {
        _connections = connections;
        _socket = new Socket(endPoint.Address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (endPoint.Address.Address.Equals(IPAddress.IPv6Any))
            {
                _socket.DualMode = true;
            }

            _socket.Bind(endPoint.Address);
            _socket.Listen(512);
            _socket.Blocking = false;
            EndPoint = new FastLaneEndPoint((IPEndPoint)_socket.LocalEndPoint!);
            var shared = context(Handoff);
            var fd = (int)_socket.Handle;
            _loops = Enumerable.Range(0, Environment.ProcessorCount).Select(i => new EventLoop(fd, shared, $"gimbal-fastlane-{i}")).ToArray();
        }
        catch
        {
            _socket.Dispose();
            throw;
        }

        foreach (var loop in _loops)
        {
            loop.Start();
        }
    }

    public EndPoint EndPoint { get; }

    public async ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var (fd, received) = await _handoffs.Reader.ReadAsync(cancellationToken);
            var connection = _connections.Create(new Socket(new SafeSocketHandle(fd, ownsHandle: true)));
            return received.Length == 0 ? connection : new HandoffConnection(connection, received);
        }
        catch (ChannelClosedException)
        {
            return null;
        }
    }

    /// <summary>Stops taking new connections; connections the loops hold keep being served until disposal.</summary>
    public ValueTask UnbindAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _unbound, 1) == 0)
        {
            foreach (var loop in _loops)
            {
                loop.StopAccepting();
            }

            _socket.Dispose();
            _handoffs.Writer.TryComplete();
        }

        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await UnbindAsync();
        foreach (var loop in _loops)
        {
            loop.Dispose();
        }

        while (_handoffs.Reader.TryRead(out var pending))
        {
            LinuxSockets.Close(pending.Fd);
        }

        _connections.Dispose();
    }

    private void Handoff(int fd, byte[] received)
    {
        if (!_handoffs.Writer.TryWrite((fd, received)))
        {
            LinuxSockets.Close(fd);
        }
    }
}
