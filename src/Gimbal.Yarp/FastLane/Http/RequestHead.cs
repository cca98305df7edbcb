using System.Text;
using Gimbal.Yarp.FastLane.Loop;

namespace Gimbal.Yarp.FastLane.Http;

/// <summary>
/// One parsed HTTP/1.1 request head, as offsets into the connection's buffer (reused for every
/// request of a connection). Parsing is strict: anything Kestrel might answer differently from a
/// plain forward (a 400, 431, 100-continue, an upgrade) is reported as a handoff reason instead, so
/// the full pipeline sees those requests.
/// </summary>
internal sealed class RequestHead
{
    /// <summary>Kestrel's default MaxRequestHeaderCount: more is its 431, so those requests are handed off.</summary>
    public const int MaxHeaders = 100;

    private readonly int[] _nameStart = new int[MaxHeaders];
    private readonly int[] _nameLength = new int[MaxHeaders];
    private readonly int[] _valueStart = new int[MaxHeaders];
    private readonly int[] _valueLength = new int[MaxHeaders];
    private readonly HeaderRole[] _roles = new HeaderRole[MaxHeaders];

    /// <summary>Bytes of the head, including the blank line.</summary>
    public int Length { get; private set; }

    public bool IsHead { get; private set; }

    /// <summary>The client asked to close the connection after this response.</summary>
    public bool CloseAfter { get; private set; }

    public int RequestLineLength { get; private set; }

    public int HeaderCount { get; private set; }

    private int _targetStart;
    private int _pathLength;
    private int _hostIndex;

    public ReadOnlySpan<byte> Path(ReadOnlySpan<byte> data) => data.Slice(_targetStart, _pathLength);

    public ReadOnlySpan<byte> Host(ReadOnlySpan<byte> data) => Value(data, _hostIndex);

    public ReadOnlySpan<byte> Name(ReadOnlySpan<byte> data, int index) => data.Slice(_nameStart[index], _nameLength[index]);

    public ReadOnlySpan<byte> Value(ReadOnlySpan<byte> data, int index) => data.Slice(_valueStart[index], _valueLength[index]);

    public HeaderRole RoleAt(int index) => _roles[index];

    /// <summary>The whole line of header <paramref name="index"/>, with its CRLF.</summary>
    public ReadOnlySpan<byte> Line(ReadOnlySpan<byte> data, int index)
    {
        var start = _nameStart[index];
        var end = data[(_valueStart[index] + _valueLength[index])..].IndexOf("\r\n"u8) + _valueStart[index] + _valueLength[index] + 2;
        return data[start..end];
    }

    /// <summary>
    /// The values of header <paramref name="name"/> joined with ",", as ASP.NET Core's header
    /// dictionary shows repeated headers; null when absent. Allocates: used only by routes that match headers.
    /// </summary>
    public string? Values(ReadOnlySpan<byte> data, string name)
    {
        StringBuilder? joined = null;
        for (var i = 0; i < HeaderCount; i++)
        {
            if (Ascii.EqualsIgnoreCase(Name(data, i), name))
            {
                joined = joined is null ? new StringBuilder() : joined.Append(',');
                joined.Append(Encoding.Latin1.GetString(Value(data, i)));
            }
        }

        return joined?.ToString();
    }

    /// <summary>
    /// Parses the head at the start of <paramref name="data"/>. Returns <see cref="HandoffReason.None"/> with
    /// <paramref name="complete"/> false while the head is incomplete, with it true once parsed; any other value
    /// means the request must go to the full pipeline.
    /// </summary>
    public HandoffReason Parse(ReadOnlySpan<byte> data, out bool complete)
    {
        complete = false;
        var end = data.IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            // A bare LF would never end the head here, but Kestrel has its own opinion of it.
            return HasBareLineFeed(data) ? HandoffReason.Headers : HandoffReason.None;
        }

        complete = true;
        Length = end + 4;
        var lineEnd = data.IndexOf("\r\n"u8);
        RequestLineLength = lineEnd + 2;
        var reason = ParseRequestLine(data[..lineEnd]);
        return reason != HandoffReason.None ? reason : ParseHeaders(data, lineEnd + 2, end + 2);
    }

    private HandoffReason ParseRequestLine(ReadOnlySpan<byte> line)
    {
        var space = line.IndexOf((byte)' ');
        if (space <= 0)
        {
            return HandoffReason.Headers;
        }

        var method = line[..space];
        if (method.SequenceEqual("GET"u8))
        {
            IsHead = false;
        }
        else if (method.SequenceEqual("HEAD"u8))
        {
            IsHead = true;
        }
        else
        {
            return method.SequenceEqual("PRI"u8) ? HandoffReason.Version : HandoffReason.Method;
        }

        var rest = line[(space + 1)..];
        var targetEnd = rest.IndexOf((byte)' ');
        if (targetEnd <= 0 || !rest[(targetEnd + 1)..].SequenceEqual("HTTP/1.1"u8))
        {
            return targetEnd > 0 && rest[(targetEnd + 1)..].StartsWith("HTTP/"u8) ? HandoffReason.Version : HandoffReason.Headers;
        }

        var target = rest[..targetEnd];
        _targetStart = space + 1;
        var query = target.IndexOf((byte)'?');
        _pathLength = query < 0 ? target.Length : query;
        return IsPlainPath(target[.._pathLength]) && (query < 0 || IsPlainQuery(target[(query + 1)..])) ? HandoffReason.None : HandoffReason.Target;
    }

    private HandoffReason ParseHeaders(ReadOnlySpan<byte> data, int start, int end)
    {
        HeaderCount = 0;
        CloseAfter = false;
        _hostIndex = -1;
        var position = start;
        while (position < end)
        {
            var lineLength = data[position..].IndexOf("\r\n"u8);
            if (HeaderCount == MaxHeaders)
            {
                return HandoffReason.Headers;
            }

            var reason = ParseHeader(data, position, lineLength);
            if (reason != HandoffReason.None)
            {
                return reason;
            }

            position += lineLength + 2;
        }

        return _hostIndex < 0 ? HandoffReason.Headers : HandoffReason.None;
    }

    private HandoffReason ParseHeader(ReadOnlySpan<byte> data, int start, int length)
    {
        var line = data.Slice(start, length);
        var colon = line.IndexOf((byte)':');
        if (colon <= 0)
        {
            return HandoffReason.Headers;
        }

        foreach (var c in line[..colon])
        {
            if (!HeaderNames.IsTokenChar(c))
            {
                return HandoffReason.Headers;
            }
        }

        var rawValue = line[(colon + 1)..];
        var value = rawValue.Trim(" \t"u8);
        foreach (var c in value)
        {
            if ((c < 0x20 && c != (byte)'\t') || c >= 0x7F)
            {
                return HandoffReason.Headers;
            }
        }

        var index = HeaderCount++;
        _nameStart[index] = start;
        _nameLength[index] = colon;
        _valueStart[index] = start + colon + 1 + (rawValue.Length - rawValue.TrimStart(" \t"u8).Length);
        _valueLength[index] = value.Length;

        var role = HeaderNames.RoleOf(line[..colon]);
        _roles[index] = role;
        switch (role)
        {
            case HeaderRole.Host:
                if (_hostIndex >= 0 || !IsPlainHost(value))
                {
                    return HandoffReason.Headers;
                }

                _hostIndex = index;
                break;
            case HeaderRole.ContentLength:
                if (!value.SequenceEqual("0"u8))
                {
                    return HandoffReason.Body;
                }

                break;
            case HeaderRole.TransferEncoding:
                return HandoffReason.Body;
            case HeaderRole.Upgrade:
            case HeaderRole.Expect:
                return HandoffReason.Upgrade;
            case HeaderRole.Connection:
                if (HeaderNames.ListsToken(value, "upgrade"u8))
                {
                    return HandoffReason.Upgrade;
                }

                CloseAfter |= HeaderNames.ListsToken(value, "close"u8);
                break;
        }

        return HandoffReason.None;
    }

    /// <summary>A path Kestrel leaves as it is: no percent-encoding to decode, no dot segments to remove.</summary>
    private static bool IsPlainPath(ReadOnlySpan<byte> path)
    {
        if (path.IsEmpty || path[0] != (byte)'/')
        {
            return false;
        }

        for (var i = 0; i < path.Length; i++)
        {
            var c = path[i];
            var allowed = c is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9'
                or (byte)'/' or (byte)'-' or (byte)'.' or (byte)'_' or (byte)'~' or (byte)'!' or (byte)'$' or (byte)'&'
                or (byte)'\'' or (byte)'(' or (byte)')' or (byte)'*' or (byte)'+' or (byte)',' or (byte)';' or (byte)'='
                or (byte)':' or (byte)'@';
            if (!allowed)
            {
                return false;
            }

            // "/." starts a dot segment when followed by "/", "./" or the end.
            if (c == (byte)'.' && path[i - 1] == (byte)'/')
            {
                var next = path[(i + 1)..];
                if (next.IsEmpty || next[0] == (byte)'/' || next.SequenceEqual("."u8) || next.StartsWith("./"u8))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>
    /// A query YARP forwards byte for byte. It builds the upstream URI with System.Uri, which unescapes
    /// percent-encoded unreserved characters and escapes others ("&lt;", "|", a lone "%"...), so queries with
    /// any of those go to the full pipeline.
    /// </summary>
    private static bool IsPlainQuery(ReadOnlySpan<byte> query)
    {
        for (var i = 0; i < query.Length; i++)
        {
            var c = query[i];
            if (c == (byte)'%')
            {
                // Kept as is by System.Uri: an upper-case escape of a character that is not unreserved ("%20", "%2F").
                if (i + 2 >= query.Length || HexDigit(query[i + 1]) < 0 || HexDigit(query[i + 2]) < 0
                    || IsUnreserved((byte)((HexDigit(query[i + 1]) << 4) | HexDigit(query[i + 2]))))
                {
                    return false;
                }

                i += 2;
                continue;
            }

            if (c is <= 0x20 or >= 0x7F or (byte)'#' or (byte)'<' or (byte)'>' or (byte)'"' or (byte)'{' or (byte)'}'
                or (byte)'|' or (byte)'\\' or (byte)'^' or (byte)'`')
            {
                return false;
            }
        }

        return true;
    }

    private static int HexDigit(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
        _ => -1,
    };

    private static bool IsUnreserved(byte c) =>
        c is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9' or (byte)'-' or (byte)'.' or (byte)'_' or (byte)'~';

    /// <summary>A host name or IP with an optional port of 1 to 5 digits up to 65535; Kestrel answers anything odder with 400.</summary>
    private static bool IsPlainHost(ReadOnlySpan<byte> host)
    {
        if (host.IsEmpty)
        {
            return false;
        }

        var close = host.LastIndexOf((byte)']');
        var colon = host.LastIndexOf((byte)':');
        if (colon > close)
        {
            var port = host[(colon + 1)..];
            if (port.IsEmpty || port.Length > 5 || port.ContainsAnyExceptInRange((byte)'0', (byte)'9') || int.Parse(port) > 65535
                || (close < 0 && host[..colon].Contains((byte)':')))
            {
                return false;
            }
        }

        foreach (var c in host)
        {
            if (!(c is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9'
                or (byte)'-' or (byte)'.' or (byte)':' or (byte)'[' or (byte)']'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool HasBareLineFeed(ReadOnlySpan<byte> data)
    {
        var index = data.IndexOf((byte)'\n');
        while (index >= 0)
        {
            if (index == 0 || data[index - 1] != (byte)'\r')
            {
                return true;
            }

            var next = data[(index + 1)..].IndexOf((byte)'\n');
            index = next < 0 ? -1 : index + 1 + next;
        }

        return false;
    }
}
