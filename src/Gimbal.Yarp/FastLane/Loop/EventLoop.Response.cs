using System.Diagnostics;
using System.Runtime.InteropServices;
using Gimbal.Yarp.FastLane.Http;
using static Gimbal.Yarp.FastLane.Native.LinuxSockets;

namespace Gimbal.Yarp.FastLane.Loop;

/// <summary>The response side of an exchange: relayed to the client as it arrives, then the connections reused.</summary>
internal sealed unsafe partial class EventLoop
{
    private void OnUpstream(UpstreamConnection upstream, uint events)
    {
        if ((events & (EpollIn | EpollRdHup)) != 0)
        {
            upstream.ReadReady = true;
        }

        upstream.PeerClosed |= (events & (EpollRdHup | Broken)) != 0;

        switch (upstream.State)
        {
            case UpstreamState.Idle:
                // A pooled connection has nothing to say: any event is the peer closing it.
                CloseUpstream(upstream);
                break;
            case UpstreamState.Connecting:
                if ((events & (EpollOut | Broken)) != 0)
                {
                    if ((events & Broken) != 0 || PendingError(upstream.Fd) != 0)
                    {
                        UpstreamFailed(upstream);
                        return;
                    }

                    upstream.State = UpstreamState.Sending;
                    SendRequest(upstream);
                }

                break;
            case UpstreamState.Sending:
                if ((events & Broken) != 0 && !upstream.ReadReady)
                {
                    UpstreamFailed(upstream);
                }
                else if ((events & EpollOut) != 0)
                {
                    SendRequest(upstream);
                }

                break;
            case UpstreamState.Receiving:
                if (upstream.ReadReady || (events & Broken) != 0)
                {
                    upstream.ReadReady = true;
                    Pump(upstream);
                }

                break;
        }
    }

    /// <summary>Moves the response along: relays what is buffered, reads more while the client keeps up, finishes the exchange.</summary>
    private void Pump(UpstreamConnection upstream)
    {
        while (upstream.Client is { } client)
        {
            if (upstream.HasOutput)
            {
                if (!Flush(client, upstream))
                {
                    return;
                }

                continue;
            }

            if (upstream.Done)
            {
                Complete(client, upstream);
                return;
            }

            if (!upstream.ReadReady)
            {
                return;
            }

            if (upstream.HeadParsed)
            {
                upstream.Length = 0;
            }

            var space = UpstreamConnection.BufferSize - upstream.Length;
            var read = Receive(upstream.Fd, upstream.Buffer + upstream.Length, space, 0);
            if (read > 0)
            {
                upstream.Length += (int)read;
                // A close that came with the data brings no later edge: keep reading until recv says so.
                upstream.ReadReady = read == space || upstream.PeerClosed;
                upstream.LastActivity = Environment.TickCount64;
                if (!OnResponseBytes(client, upstream))
                {
                    return;
                }
            }
            else if (read < 0 && Marshal.GetLastPInvokeError() == EAgain)
            {
                upstream.ReadReady = false;
            }
            else
            {
                UpstreamFailed(upstream);
                return;
            }
        }
    }

    /// <summary>Takes newly received response bytes: the head once, then the body's progress. False when the exchange ended here.</summary>
    private bool OnResponseBytes(ClientConnection client, UpstreamConnection upstream)
    {
        var bodyStart = 0;
        if (!upstream.HeadParsed)
        {
            var received = new ReadOnlySpan<byte>(upstream.Buffer, upstream.Length);
            var reason = ResponseHead.Parse(received, client.Head.IsHead, out var headLength, out var status, out var framing, out var contentLength, out var closes);
            if (reason == HandoffReason.None && headLength == 0 && upstream.Length < UpstreamConnection.BufferSize)
            {
                return true;
            }

            if (reason != HandoffReason.None || headLength == 0)
            {
                // Nothing reached the client yet: the full pipeline can still answer this request.
                client.Forwarding = false;
                Handoff(client, HandoffReason.Response);
                return false;
            }

            upstream.HeadParsed = true;
            upstream.Framing = framing;
            upstream.Remaining = contentLength;
            upstream.Reusable = !closes;
            client.Status = status;
            upstream.EnsureHeadOut(headLength + ResponseHead.MaxAdded);
            upstream.HeadOutLength = ResponseHead.Rewrite(
                received[..headLength], framing, client.Head.CloseAfter, _date.Value, new Span<byte>(upstream.HeadOut, upstream.HeadOutCapacity));
            upstream.HeadOutOffset = 0;
            bodyStart = headLength;
        }

        var available = upstream.Length - bodyStart;
        int body;
        switch (upstream.Framing)
        {
            case BodyFraming.Length:
                body = (int)Math.Min(upstream.Remaining, available);
                upstream.Remaining -= body;
                upstream.Done = upstream.Remaining == 0;
                break;
            case BodyFraming.Chunked:
                body = upstream.Chunks.Consume(new ReadOnlySpan<byte>(upstream.Buffer + bodyStart, available));
                if (body < 0)
                {
                    CloseClient(client);
                    return false;
                }

                upstream.Done = upstream.Chunks.IsComplete;
                break;
            default:
                body = 0;
                upstream.Done = true;
                break;
        }

        if (body < available)
        {
            // Bytes past the end of the response: the connection's framing cannot be trusted again.
            upstream.Reusable = false;
        }

        upstream.BodyOffset = bodyStart;
        upstream.BodyEnd = bodyStart + body;
        client.ResponseStarted = true;
        return true;
    }

    /// <summary>Sends the pending head and body bytes in one call; false when the client cannot take more now (or is gone).</summary>
    private bool Flush(ClientConnection client, UpstreamConnection upstream)
    {
        var vectors = stackalloc IoVector[2];
        var count = 0;
        var headLeft = upstream.HeadOutLength - upstream.HeadOutOffset;
        if (headLeft > 0)
        {
            vectors[count++] = new IoVector { Base = upstream.HeadOut + upstream.HeadOutOffset, Length = (nuint)headLeft };
        }

        if (upstream.BodyEnd > upstream.BodyOffset)
        {
            vectors[count++] = new IoVector { Base = upstream.Buffer + upstream.BodyOffset, Length = (nuint)(upstream.BodyEnd - upstream.BodyOffset) };
        }

        nint sent;
        if (count == 1)
        {
            sent = Send(client.Fd, vectors[0].Base, (nint)vectors[0].Length, MsgNoSignal);
        }
        else
        {
            var message = new MessageHeader { Vectors = vectors, VectorCount = 2 };
            sent = SendMessage(client.Fd, &message, MsgNoSignal);
        }

        if (sent < 0)
        {
            if (Marshal.GetLastPInvokeError() != EAgain)
            {
                CloseClient(client);
            }

            return false;
        }

        var fromHead = (int)Math.Min(sent, headLeft);
        upstream.HeadOutOffset += fromHead;
        upstream.BodyOffset += (int)sent - fromHead;
        return !upstream.HasOutput;
    }

    private void Complete(ClientConnection client, UpstreamConnection upstream)
    {
        var route = client.Route!;
        _context.Metrics.RecordRequest(route.Tags.Route, route.Tags.Cluster, client.Status, Stopwatch.GetElapsedTime(client.StartTimestamp).TotalSeconds);
        _context.Metrics.RecordFastLaneForward();
        client.Upstream = null;
        client.Forwarding = false;
        client.Route = null;
        ReturnToPool(upstream);
        var close = client.Head.CloseAfter;
        client.ConsumeHead();
        if (close)
        {
            CloseClient(client);
        }
        else if (client.ReadReady)
        {
            // Bytes that arrived during the exchange (the rest of a pipelined request) are read first.
            ReadRequest(client);
        }
        else if (client.Length > 0)
        {
            ProcessRequest(client);
        }
        else if (client.PeerClosed)
        {
            // The client half-closed after its request: nothing more can come, as Kestrel also concludes.
            CloseClient(client);
        }
    }

    private void ReturnToPool(UpstreamConnection upstream)
    {
        var reusable = upstream.Reusable;
        upstream.ResetExchange();
        upstream.State = UpstreamState.Idle;
        if (!reusable || upstream.ReadReady || upstream.PeerClosed || !_pool.Return(upstream))
        {
            upstream.State = UpstreamState.Receiving;
            CloseUpstream(upstream);
        }
    }

    /// <summary>
    /// Before any response byte reached the client: a reused connection may have been closed by the
    /// upstream while idle, so the request gets one fresh connection; then the full pipeline takes over.
    /// After that, the client connection can only be closed.
    /// </summary>
    private void UpstreamFailed(UpstreamConnection upstream)
    {
        var client = upstream.Client;
        upstream.Client = null;
        var reused = upstream.Reused;
        CloseUpstream(upstream);
        if (client is null)
        {
            return;
        }

        client.Upstream = null;
        if (client.ResponseStarted)
        {
            CloseClient(client);
        }
        else if (reused && client.Attempts == 0)
        {
            client.Attempts++;
            StartExchange(client, pooled: null);
        }
        else
        {
            client.Forwarding = false;
            Handoff(client, HandoffReason.Upstream);
        }
    }

    /// <summary>YARP's activity timeout: 504 when nothing was answered yet, else the client connection is cut.</summary>
    private void TimeOut(ClientConnection client)
    {
        if (client.ResponseStarted || client.Upstream is not { } upstream)
        {
            CloseClient(client);
            return;
        }

        client.Upstream = null;
        CloseUpstream(upstream);
        var answer = "HTTP/1.1 504 Gateway Timeout\r\nContent-Length: 0\r\n\r\n"u8;
        fixed (byte* bytes = answer)
        {
            Send(client.Fd, bytes, answer.Length, MsgNoSignal);
        }

        var route = client.Route!;
        _context.Metrics.RecordRequest(route.Tags.Route, route.Tags.Cluster, 504, Stopwatch.GetElapsedTime(client.StartTimestamp).TotalSeconds);
        client.Forwarding = false;
        CloseClient(client);
    }
}
