using System.Buffers;
using System.Text;

namespace Gimbal.Yarp.Tcp;

/// <summary>What peeking at the first bytes of a connection found.</summary>
public enum ClientHelloStatus
{
    /// <summary>The bytes so far are a valid prefix of a ClientHello; read more.</summary>
    Incomplete,

    /// <summary>A complete ClientHello; <see cref="ClientHelloResult.ServerName"/> is its SNI name, if it sent one.</summary>
    Complete,

    /// <summary>Not a TLS ClientHello at all, or one that breaks the format's rules.</summary>
    Invalid,
}

/// <summary>The outcome of <see cref="ClientHello.TryRead"/>.</summary>
/// <param name="Status">Whether a ClientHello was read.</param>
/// <param name="ServerName">The host_name of the server_name extension, lower-cased; null when absent.</param>
public readonly record struct ClientHelloResult(ClientHelloStatus Status, string? ServerName = null);

/// <summary>
/// Reads the SNI name from a TLS ClientHello without consuming it, so the connection can still be
/// handed on (to TLS termination, or byte for byte to a passthrough upstream). Every length is
/// checked against what its enclosing structure allows: hostile input yields
/// <see cref="ClientHelloStatus.Invalid"/>, never an exception or an unbounded read.
/// </summary>
public static class ClientHello
{
    /// <summary>
    /// Larger ClientHellos are refused: real ones, even with post-quantum key shares, stay far
    /// below, and the limit bounds what a peeking listener buffers per connection.
    /// </summary>
    public const int MaxHandshakeLength = 64 * 1024;

    private const byte HandshakeRecord = 22;
    private const byte ClientHelloType = 1;
    private const int RecordHeaderLength = 5;
    private const int MaxRecordLength = 16384 + 2048;
    private const ushort ServerNameExtension = 0;
    private const byte HostNameType = 0;

    /// <summary>Reads the ClientHello at the start of <paramref name="buffer"/>, reassembling it across TLS records.</summary>
    public static ClientHelloResult TryRead(ReadOnlySequence<byte> buffer)
    {
        var status = TryReassemble(buffer, out var handshake);
        return status == ClientHelloStatus.Complete ? Parse(handshake) : new ClientHelloResult(status);
    }

    /// <summary>Concatenates the payloads of the leading handshake records until the first handshake message is whole.</summary>
    private static ClientHelloStatus TryReassemble(ReadOnlySequence<byte> buffer, out byte[] handshake)
    {
        handshake = [];
        var reader = new SequenceReader<byte>(buffer);
        var collected = new ArrayBufferWriter<byte>(512);
        var needed = -1;
        while (needed < 0 || collected.WrittenCount < needed)
        {
            if (!reader.TryRead(out var contentType))
            {
                return ClientHelloStatus.Incomplete;
            }

            if (contentType != HandshakeRecord)
            {
                return ClientHelloStatus.Invalid;
            }

            // Major version 3 for SSL 3.0 and every TLS version; the minor version is not checked
            // because clients legitimately send 3.0 or 3.1 in the first record.
            if (!reader.TryRead(out var major))
            {
                return ClientHelloStatus.Incomplete;
            }

            if (major != 3)
            {
                return ClientHelloStatus.Invalid;
            }

            if (!reader.TryRead(out _) || !reader.TryReadBigEndian(out short rawLength))
            {
                return ClientHelloStatus.Incomplete;
            }

            var recordLength = (ushort)rawLength;
            if (recordLength == 0 || recordLength > MaxRecordLength)
            {
                return ClientHelloStatus.Invalid;
            }

            var available = (int)Math.Min(reader.Remaining, recordLength);
            var destination = collected.GetSpan(available)[..available];
            reader.UnreadSequence.Slice(0, available).CopyTo(destination);
            collected.Advance(available);
            reader.Advance(available);

            if (needed < 0 && collected.WrittenCount >= 4)
            {
                var head = collected.WrittenSpan;
                if (head[0] != ClientHelloType)
                {
                    return ClientHelloStatus.Invalid;
                }

                needed = 4 + ((head[1] << 16) | (head[2] << 8) | head[3]);
                if (needed > MaxHandshakeLength)
                {
                    return ClientHelloStatus.Invalid;
                }
            }

            if (available < recordLength)
            {
                return needed >= 0 && collected.WrittenCount >= needed ? Done(collected, needed, out handshake) : ClientHelloStatus.Incomplete;
            }
        }

        return Done(collected, needed, out handshake);
    }

    private static ClientHelloStatus Done(ArrayBufferWriter<byte> collected, int needed, out byte[] handshake)
    {
        handshake = collected.WrittenSpan[4..needed].ToArray();
        return ClientHelloStatus.Complete;
    }

    /// <summary>Parses the ClientHello body (after the 4-byte handshake header).</summary>
    private static ClientHelloResult Parse(ReadOnlySpan<byte> body)
    {
        var invalid = new ClientHelloResult(ClientHelloStatus.Invalid);
        var cursor = new Cursor(body);
        if (!cursor.Skip(2 + 32) // legacy_version, random
            || !cursor.SkipVector(1, 32) // legacy_session_id
            || !cursor.SkipVector(2, 65534) // cipher_suites
            || !cursor.SkipVector(1, 255)) // legacy_compression_methods
        {
            return invalid;
        }

        if (cursor.Remaining == 0)
        {
            // No extensions at all (TLS 1.0-era clients): valid, without SNI.
            return new ClientHelloResult(ClientHelloStatus.Complete);
        }

        if (!cursor.TryVector(2, out var extensions) || cursor.Remaining != 0)
        {
            return invalid;
        }

        string? serverName = null;
        var seen = false;
        var list = new Cursor(extensions);
        while (list.Remaining > 0)
        {
            if (!list.TryUInt16(out var type) || !list.TryVector(2, out var data))
            {
                return invalid;
            }

            if (type != ServerNameExtension)
            {
                continue;
            }

            // RFC 8446 4.2: an extension type appears at most once.
            if (seen || !TryServerName(data, out serverName))
            {
                return invalid;
            }

            seen = true;
        }

        return new ClientHelloResult(ClientHelloStatus.Complete, serverName);
    }

    /// <summary>RFC 6066 3: a server_name_list whose host_name entry is an ASCII DNS name.</summary>
    private static bool TryServerName(ReadOnlySpan<byte> data, out string? serverName)
    {
        serverName = null;
        var extension = new Cursor(data);
        if (!extension.TryVector(2, out var names) || extension.Remaining != 0 || names.Length == 0)
        {
            return false;
        }

        var list = new Cursor(names);
        while (list.Remaining > 0)
        {
            if (!list.TryByte(out var nameType) || !list.TryVector(2, out var name))
            {
                return false;
            }

            if (nameType != HostNameType)
            {
                continue;
            }

            if (serverName is not null || !IsHostName(name))
            {
                return false;
            }

            serverName = Encoding.ASCII.GetString(name).ToLowerInvariant();
        }

        return true;
    }

    private static bool IsHostName(ReadOnlySpan<byte> name)
    {
        if (name.Length is 0 or > 253)
        {
            return false;
        }

        foreach (var b in name)
        {
            if (!(char.IsAsciiLetterOrDigit((char)b) || b is (byte)'-' or (byte)'.' or (byte)'_'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A bounds-checked reader over a span: every read either fits or fails.</summary>
    private ref struct Cursor(ReadOnlySpan<byte> data)
    {
        private ReadOnlySpan<byte> _rest = data;

        public readonly int Remaining => _rest.Length;

        public bool Skip(int count)
        {
            if (count > _rest.Length)
            {
                return false;
            }

            _rest = _rest[count..];
            return true;
        }

        public bool TryByte(out byte value)
        {
            value = 0;
            if (_rest.Length < 1)
            {
                return false;
            }

            value = _rest[0];
            _rest = _rest[1..];
            return true;
        }

        public bool TryUInt16(out int value)
        {
            value = 0;
            if (_rest.Length < 2)
            {
                return false;
            }

            value = (_rest[0] << 8) | _rest[1];
            _rest = _rest[2..];
            return true;
        }

        /// <summary>A vector with a 1- or 2-byte length prefix.</summary>
        public bool TryVector(int lengthBytes, out ReadOnlySpan<byte> vector)
        {
            vector = default;
            int length;
            if (lengthBytes == 1)
            {
                if (!TryByte(out var b))
                {
                    return false;
                }

                length = b;
            }
            else if (!TryUInt16(out length))
            {
                return false;
            }

            if (length > _rest.Length)
            {
                return false;
            }

            vector = _rest[..length];
            _rest = _rest[length..];
            return true;
        }

        public bool SkipVector(int lengthBytes, int maxLength) => TryVector(lengthBytes, out var vector) && vector.Length <= maxLength;
    }
}
