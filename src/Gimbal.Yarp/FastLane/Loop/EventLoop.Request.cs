using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using Gimbal.Yarp.FastLane.Http;
using Gimbal.Yarp.FastLane.Routing;
using static Gimbal.Yarp.FastLane.Native.LinuxSockets;

namespace Gimbal.Yarp.FastLane.Loop;

/// <summary>The request side of an exchange: head in, route and destination picked, head forwarded upstream.</summary>
internal sealed unsafe partial class EventLoop
{
    private const uint Broken = EpollErr | EpollHup;

    private void OnClient(ClientConnection client, uint events)
    {
        if ((events & EpollIn) != 0 || (events & EpollRdHup) != 0)
        {
            client.ReadReady = true;
        }

        client.PeerClosed |= (events & EpollRdHup) != 0;

        if ((events & Broken) != 0 && !client.ReadReady)
        {
            CloseClient(client);
            return;
        }

        if (client.Forwarding && (events & (EpollRdHup | Broken)) != 0)
        {
            // Kestrel aborts a request whose client shut down or reset its connection, and YARP then cancels the
            // upstream request: so does the fast lane, instead of waiting for an answer nobody reads.
            CloseClient(client);
            return;
        }

        if (client.Forwarding)
        {
            // Pipelined bytes wait until this exchange is done; a writable client may take more of the response.
            if ((events & EpollOut) != 0 && client.Upstream is { } upstream)
            {
                Pump(upstream);
            }

            return;
        }

        if (client.ReadReady)
        {
            ReadRequest(client);
        }
    }

    private void ReadRequest(ClientConnection client)
    {
        while (client.ReadReady)
        {
            var space = client.Capacity - client.Length;
            if (space == 0)
            {
                if (!client.Grow())
                {
                    // Full: serve what is buffered first (a head over 16 KiB is handed off there); the rest of the
                    // socket's data is read once this exchange is done, since ReadReady stays set.
                    break;
                }

                space = client.Capacity - client.Length;
            }

            var read = Receive(client.Fd, client.Buffer + client.Length, space, 0);
            if (read > 0)
            {
                client.Length += (int)read;
                client.LastActivity = Environment.TickCount64;
                // Less than asked for: the socket is drained, and the next byte brings a new edge.
                client.ReadReady = read == space;
            }
            else if (read < 0 && Marshal.GetLastPInvokeError() == EAgain)
            {
                client.ReadReady = false;
            }
            else
            {
                CloseClient(client);
                return;
            }
        }

        ProcessRequest(client);
    }

    private void ProcessRequest(ClientConnection client)
    {
        if (client.Length == 0)
        {
            return;
        }

        var head = client.Head;
        var reason = head.Parse(client.Received, out var complete);
        if (reason != HandoffReason.None)
        {
            Handoff(client, reason);
            return;
        }

        if (!complete)
        {
            if (client.Length == ClientConnection.MaxBuffer)
            {
                Handoff(client, HandoffReason.Headers);
            }

            return;
        }

        var received = client.Received;
        var route = _context.Routes.Table.Match(client.HostName(head.Host(received)), head.Path(received), client.HeaderValues);
        if (route is not { Forwardable: true })
        {
            Handoff(client, HandoffReason.Route);
            return;
        }

        var address = _context.Clusters.Pick(route.ClusterId);
        if (address is null)
        {
            Handoff(client, HandoffReason.Destination);
            return;
        }

        client.Forwarding = true;
        client.Route = route;
        client.Address = address;
        client.Attempts = 0;
        client.ResponseStarted = false;
        client.StartTimestamp = Stopwatch.GetTimestamp();
        StartExchange(client, _pool.Take(address.EndPoint));
    }

    private void StartExchange(ClientConnection client, UpstreamConnection? pooled)
    {
        var upstream = pooled ?? Connect(client.Address!);
        if (upstream is null)
        {
            client.Forwarding = false;
            Handoff(client, HandoffReason.Upstream);
            return;
        }

        upstream.Reused = pooled is not null;
        upstream.Client = client;
        client.Upstream = upstream;
        upstream.SendLength = WriteRequestHead(client, upstream.Buffer);
        upstream.SendOffset = 0;
        upstream.LastActivity = Environment.TickCount64;
        if (upstream.State == UpstreamState.Idle)
        {
            upstream.State = UpstreamState.Sending;
            SendRequest(upstream);
        }
    }

    private UpstreamConnection? Connect(UpstreamAddress address)
    {
        var fd = Socket(address.IsIPv6 ? AfInet6 : AfInet, SockStream | SockNonBlock | SockCloExec, 0);
        if (fd < 0)
        {
            return null;
        }

        SetNoDelay(fd);
        int result;
        fixed (byte* socketAddress = address.SocketAddress)
        {
            result = Native.LinuxSockets.Connect(fd, socketAddress, (uint)address.SocketAddress.Length);
        }

        if (result != 0 && Marshal.GetLastPInvokeError() != EInProgress)
        {
            Close(fd);
            return null;
        }

        var upstream = new UpstreamConnection(address) { Fd = fd, State = result == 0 ? UpstreamState.Idle : UpstreamState.Connecting };
        Add(upstream);
        return upstream;
    }

    /// <summary>
    /// The request head as YARP sends it: request line and headers as received, minus hop-by-hop
    /// headers and X-Forwarded-Proto, plus X-Forwarded-For (the client's values, then its address)
    /// and X-Forwarded-Proto: http.
    /// </summary>
    private static int WriteRequestHead(ClientConnection client, byte* buffer)
    {
        var received = client.Received;
        var head = client.Head;
        var output = new Span<byte>(buffer, UpstreamConnection.BufferSize);
        received[..head.RequestLineLength].CopyTo(output);
        var written = head.RequestLineLength;
        var forwardedFor = -1;
        for (var i = 0; i < head.HeaderCount; i++)
        {
            switch (head.RoleAt(i))
            {
                case HeaderRole.HopByHop or HeaderRole.Connection or HeaderRole.XForwardedProto:
                    continue;
                case HeaderRole.XForwardedFor:
                    forwardedFor = i;
                    continue;
            }

            var line = head.Line(received, i);
            line.CopyTo(output[written..]);
            written += line.Length;
        }

        written += Append(output[written..], "X-Forwarded-For: "u8);
        for (var i = forwardedFor < 0 ? head.HeaderCount : 0; i < head.HeaderCount; i++)
        {
            // Empty values too: YARP keeps them, so "X-Forwarded-For:" becomes ", <address>" there as well.
            if (head.RoleAt(i) == HeaderRole.XForwardedFor)
            {
                written += Append(output[written..], head.Value(received, i));
                written += Append(output[written..], ", "u8);
            }
        }

        written += Encoding.ASCII.GetBytes(client.RemoteAddress, output[written..]);
        written += Append(output[written..], "\r\nX-Forwarded-Proto: http\r\n\r\n"u8);
        return written;
    }

    private static int Append(Span<byte> output, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(output);
        return bytes.Length;
    }

    private void SendRequest(UpstreamConnection upstream)
    {
        while (upstream.SendOffset < upstream.SendLength)
        {
            var sent = Send(upstream.Fd, upstream.Buffer + upstream.SendOffset, upstream.SendLength - upstream.SendOffset, MsgNoSignal);
            if (sent > 0)
            {
                upstream.SendOffset += (int)sent;
            }
            else if (sent < 0 && Marshal.GetLastPInvokeError() == EAgain)
            {
                return;
            }
            else
            {
                UpstreamFailed(upstream);
                return;
            }
        }

        upstream.State = UpstreamState.Receiving;
        upstream.Length = 0;
        upstream.LastActivity = Environment.TickCount64;
        if (upstream.ReadReady)
        {
            Pump(upstream);
        }
    }
}
