using System.Text;

namespace Gimbal.Yarp.FastLane.Http;

/// <summary>What the fast lane does with a header, by name (case-insensitive).</summary>
internal enum HeaderRole
{
    /// <summary>Passed through unchanged.</summary>
    Other,

    /// <summary>Describes one connection only; never forwarded (YARP's exclusion list).</summary>
    HopByHop,

    Host,
    ContentLength,
    TransferEncoding,
    Connection,
    Upgrade,
    Expect,
    XForwardedFor,
    XForwardedProto,

    /// <summary>Response Date: added when the upstream sent none, as Kestrel does.</summary>
    Date,
}

/// <summary>
/// Header names the fast lane acts on. The hop-by-hop set is YARP's own (RequestUtilities): the
/// fast lane must forward exactly what the full pipeline would.
/// </summary>
internal static class HeaderNames
{
    public static HeaderRole RoleOf(ReadOnlySpan<byte> name) => name.Length switch
    {
        2 when Is(name, "te"u8) => HeaderRole.HopByHop,
        4 when Is(name, "host"u8) => HeaderRole.Host,
        4 when Is(name, "date"u8) => HeaderRole.Date,
        4 when Is(name, "alpn"u8) => HeaderRole.HopByHop,
        5 when Is(name, "close"u8) => HeaderRole.HopByHop,
        6 when Is(name, "expect"u8) => HeaderRole.Expect,
        7 when Is(name, "upgrade"u8) => HeaderRole.Upgrade,
        7 when Is(name, "alt-svc"u8) => HeaderRole.HopByHop,
        10 when Is(name, "connection"u8) => HeaderRole.Connection,
        10 when Is(name, "keep-alive"u8) => HeaderRole.HopByHop,
        14 when Is(name, "content-length"u8) => HeaderRole.ContentLength,
        15 when Is(name, "x-forwarded-for"u8) => HeaderRole.XForwardedFor,
        15 when Is(name, "security-scheme"u8) => HeaderRole.HopByHop,
        16 when Is(name, "proxy-connection"u8) => HeaderRole.HopByHop,
        17 when Is(name, "transfer-encoding"u8) => HeaderRole.TransferEncoding,
        17 when Is(name, "x-forwarded-proto"u8) => HeaderRole.XForwardedProto,
        14 when Is(name, "proxy-features"u8) => HeaderRole.HopByHop,
        17 when Is(name, "proxy-instruction"u8) => HeaderRole.HopByHop,
        18 when Is(name, "proxy-authenticate"u8) => HeaderRole.HopByHop,
        19 when Is(name, "proxy-authorization"u8) => HeaderRole.HopByHop,
        25 when Is(name, "proxy-authentication-info"u8) => HeaderRole.HopByHop,
        _ => HeaderRole.Other,
    };

    public static bool Is(ReadOnlySpan<byte> name, ReadOnlySpan<byte> lowerCase) => Ascii.EqualsIgnoreCase(name, lowerCase);

    /// <summary>An RFC 9110 token character.</summary>
    public static bool IsTokenChar(byte c) =>
        c is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9'
            or (byte)'!' or (byte)'#' or (byte)'$' or (byte)'%' or (byte)'&' or (byte)'\'' or (byte)'*' or (byte)'+'
            or (byte)'-' or (byte)'.' or (byte)'^' or (byte)'_' or (byte)'`' or (byte)'|' or (byte)'~';

    /// <summary>Whether a comma-separated header value lists <paramref name="token"/> (case-insensitive).</summary>
    public static bool ListsToken(ReadOnlySpan<byte> value, ReadOnlySpan<byte> token)
    {
        foreach (var range in value.Split((byte)','))
        {
            if (Is(value[range].Trim(" \t"u8), token))
            {
                return true;
            }
        }

        return false;
    }
}
