using Gimbal.Yarp.FastLane.Loop;

namespace Gimbal.Yarp.FastLane.Http;

/// <summary>How the end of a response body is found.</summary>
internal enum BodyFraming
{
    /// <summary>No body (HEAD, 204, 304, or Content-Length 0).</summary>
    None,

    /// <summary>Exactly Content-Length bytes.</summary>
    Length,

    /// <summary>Chunked transfer coding, relayed as it comes.</summary>
    Chunked,
}

/// <summary>
/// An upstream's response head, checked and rewritten for the client the way YARP and Kestrel would
/// answer: hop-by-hop headers dropped (except the chunked coding, relayed as is), "Connection: close"
/// added when the client asked for it. Anything else (1xx, HTTP/1.0, a body delimited by close) is a
/// handoff: nothing has reached the client yet, so the full pipeline can still take the request.
/// </summary>
internal static class ResponseHead
{
    public static HandoffReason Parse(
        ReadOnlySpan<byte> data, bool headRequest, out int headLength, out int status, out BodyFraming framing, out long contentLength, out bool upstreamCloses)
    {
        headLength = 0;
        status = 0;
        framing = BodyFraming.None;
        contentLength = 0;
        upstreamCloses = false;
        var end = data.IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            return HandoffReason.None;
        }

        headLength = end + 4;
        var lineEnd = data.IndexOf("\r\n"u8);
        var line = data[..lineEnd];
        // Without a reason phrase Kestrel writes the standard one; such rare heads go to the full pipeline.
        if (line.Length < 14 || !line.StartsWith("HTTP/1.1 "u8) || line[12] != (byte)' '
            || !TryDigits(line.Slice(9, 3), out var code) || code < 200)
        {
            return HandoffReason.Response;
        }

        status = (int)code;
        var chunked = false;
        long length = -1;
        var position = lineEnd + 2;
        while (position < end + 2)
        {
            var next = data[position..].IndexOf("\r\n"u8);
            var header = data.Slice(position, next);
            position += next + 2;
            var colon = header.IndexOf((byte)':');
            if (colon <= 0)
            {
                return HandoffReason.Response;
            }

            var value = header[(colon + 1)..].Trim(" \t"u8);
            switch (HeaderNames.RoleOf(header[..colon]))
            {
                case HeaderRole.TransferEncoding:
                    if (chunked || !HeaderNames.Is(value, "chunked"u8))
                    {
                        return HandoffReason.Response;
                    }

                    chunked = true;
                    break;
                case HeaderRole.ContentLength:
                    if (!TryDigits(value, out var parsed) || (length >= 0 && length != parsed))
                    {
                        return HandoffReason.Response;
                    }

                    length = parsed;
                    break;
                case HeaderRole.Connection:
                    upstreamCloses |= HeaderNames.ListsToken(value, "close"u8);
                    break;
            }
        }

        if (chunked && length >= 0)
        {
            return HandoffReason.Response;
        }

        if (headRequest || status is 204 or 304)
        {
            framing = BodyFraming.None;
        }
        else if (chunked)
        {
            framing = BodyFraming.Chunked;
        }
        else if (length >= 0)
        {
            framing = length == 0 ? BodyFraming.None : BodyFraming.Length;
            contentLength = length;
        }
        else
        {
            return HandoffReason.Response;
        }

        return HandoffReason.None;
    }

    /// <summary>What <see cref="Rewrite"/> may add to a head: "Connection: close" and a Date header.</summary>
    public const int MaxAdded = 19 + 37;

    /// <summary>
    /// Writes the head the client gets into <paramref name="output"/>; returns its length. The output is at
    /// most the input's length plus <see cref="MaxAdded"/>. <paramref name="date"/> (an RFC 1123 date) is added
    /// when the upstream sent no Date, as Kestrel does (RFC 9110 6.6.1 asks it of a proxy).
    /// </summary>
    public static int Rewrite(ReadOnlySpan<byte> head, BodyFraming framing, bool close, ReadOnlySpan<byte> date, Span<byte> output)
    {
        var hasDate = false;
        var lineEnd = head.IndexOf("\r\n"u8) + 2;
        head[..lineEnd].CopyTo(output);
        var written = lineEnd;
        var position = lineEnd;
        while (position < head.Length - 2)
        {
            var next = head[position..].IndexOf("\r\n"u8) + 2;
            var line = head.Slice(position, next);
            position += next;
            var role = HeaderNames.RoleOf(line[..line.IndexOf((byte)':')]);
            hasDate |= role == HeaderRole.Date;
            var keep = role switch
            {
                HeaderRole.HopByHop or HeaderRole.Connection or HeaderRole.Upgrade => false,
                HeaderRole.TransferEncoding => framing == BodyFraming.Chunked,
                _ => true,
            };
            if (keep)
            {
                line.CopyTo(output[written..]);
                written += line.Length;
            }
        }

        if (!hasDate)
        {
            "Date: "u8.CopyTo(output[written..]);
            date.CopyTo(output[(written + 6)..]);
            "\r\n"u8.CopyTo(output[(written + 6 + date.Length)..]);
            written += 8 + date.Length;
        }

        if (close)
        {
            "Connection: close\r\n"u8.CopyTo(output[written..]);
            written += 19;
        }

        "\r\n"u8.CopyTo(output[written..]);
        return written + 2;
    }

    private static bool TryDigits(ReadOnlySpan<byte> digits, out long value)
    {
        value = 0;
        if (digits.IsEmpty || digits.Length > 18)
        {
            return false;
        }

        foreach (var c in digits)
        {
            if (c is < (byte)'0' or > (byte)'9')
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }
}
