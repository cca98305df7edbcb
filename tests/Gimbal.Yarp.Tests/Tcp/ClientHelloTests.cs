using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using Gimbal.Yarp.Tcp;

namespace Gimbal.Yarp.Tests.Tcp;

/// <summary>The SNI reader on ClientHellos sent by a real SslStream, and on truncated, fragmented and hostile input.</summary>
public sealed class ClientHelloTests
{
    [Fact]
    public async Task A_real_client_hello_yields_its_server_name_in_lower_case()
    {
        var hello = await CaptureAsync("Shop.Example.COM");
        Assert.Equal(new ClientHelloResult(ClientHelloStatus.Complete, "shop.example.com"), ClientHello.TryRead(new ReadOnlySequence<byte>(hello)));
    }

    [Fact]
    public async Task A_real_client_hello_without_sni_is_complete_without_a_name()
    {
        var hello = await CaptureAsync(string.Empty);
        Assert.Equal(new ClientHelloResult(ClientHelloStatus.Complete, null), ClientHello.TryRead(new ReadOnlySequence<byte>(hello)));
    }

    [Fact]
    public async Task Every_truncation_of_a_real_client_hello_asks_for_more()
    {
        var hello = await CaptureAsync("shop.example.com");
        for (var length = 0; length < hello.Length; length++)
        {
            Assert.Equal(ClientHelloStatus.Incomplete, ClientHello.TryRead(new ReadOnlySequence<byte>(hello, 0, length)).Status);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(100)]
    public async Task A_client_hello_fragmented_over_records_and_segments_is_reassembled(int fragment)
    {
        var hello = await CaptureAsync("api.example.com");
        var records = Fragment(HandshakeOf(hello), fragment);
        Assert.Equal("api.example.com", ClientHello.TryRead(Segmented(records, 3)).ServerName);
        for (var length = 0; length < records.Length; length += 5)
        {
            Assert.Equal(ClientHelloStatus.Incomplete, ClientHello.TryRead(new ReadOnlySequence<byte>(records, 0, length)).Status);
        }
    }

    [Fact]
    public void Bytes_after_the_client_hello_do_not_matter()
    {
        var records = Fragment(Handshake(Hello((0, Sni("a.example.com")))), 16384).Concat(Encoding.ASCII.GetBytes("more")).ToArray();
        Assert.Equal(new ClientHelloResult(ClientHelloStatus.Complete, "a.example.com"), ClientHello.TryRead(new ReadOnlySequence<byte>(records)));
    }

    [Fact]
    public void A_client_hello_without_extensions_is_complete_without_a_name()
    {
        var body = Hello().AsSpan(0, Hello().Length - 2).ToArray();
        Assert.Equal(new ClientHelloResult(ClientHelloStatus.Complete, null), Read(Handshake(body)));
    }

    [Fact]
    public void Other_protocols_and_other_tls_messages_are_invalid()
    {
        Assert.Equal(ClientHelloStatus.Invalid, ClientHello.TryRead(new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\n\r\n"))).Status);
        Assert.Equal(ClientHelloStatus.Invalid, ClientHello.TryRead(new ReadOnlySequence<byte>([0x17, 3, 3, 0, 1, 0])).Status);
        Assert.Equal(ClientHelloStatus.Invalid, ClientHello.TryRead(new ReadOnlySequence<byte>([0x16, 2, 0])).Status);
        Assert.Equal(ClientHelloStatus.Invalid, ClientHello.TryRead(new ReadOnlySequence<byte>([0x16, 3, 1, 0, 0])).Status);

        var serverHello = Handshake(Hello((0, Sni("a.example.com"))));
        serverHello[0] = 2;
        Assert.Equal(ClientHelloStatus.Invalid, Read(serverHello).Status);
    }

    [Fact]
    public void Oversized_lengths_are_invalid_instead_of_waiting_for_bytes_that_never_fit()
    {
        // A handshake claiming 16 MB, and a record longer than TLS allows.
        Assert.Equal(ClientHelloStatus.Invalid, ClientHello.TryRead(new ReadOnlySequence<byte>([0x16, 3, 1, 0, 4, 1, 0xff, 0xff, 0xff])).Status);
        Assert.Equal(ClientHelloStatus.Invalid, ClientHello.TryRead(new ReadOnlySequence<byte>([0x16, 3, 1, 0xff, 0xff, 1])).Status);
    }

    [Fact]
    public void Lengths_that_overrun_their_enclosing_structure_are_invalid()
    {
        var sni = Sni("a.example.com");
        BinaryPrimitives.WriteUInt16BigEndian(sni, 200); // server_name_list longer than the extension
        Assert.Equal(ClientHelloStatus.Invalid, Read(Handshake(Hello((0, sni)))).Status);

        var nameTooLong = Sni("a.example.com");
        BinaryPrimitives.WriteUInt16BigEndian(nameTooLong.AsSpan(3), 100); // host_name longer than the list
        Assert.Equal(ClientHelloStatus.Invalid, Read(Handshake(Hello((0, nameTooLong)))).Status);

        var body = Hello((0, Sni("a.example.com")));
        BinaryPrimitives.WriteUInt16BigEndian(body.AsSpan(2 + 32 + 1 + 4 + 2), 9999); // extensions longer than the hello
        Assert.Equal(ClientHelloStatus.Invalid, Read(Handshake(body)).Status);

        var session = Hello((0, Sni("a.example.com")));
        session[2 + 32] = 33; // session id longer than TLS allows
        Assert.Equal(ClientHelloStatus.Invalid, Read(Handshake(session)).Status);
    }

    [Fact]
    public void Duplicate_or_malformed_server_names_are_invalid()
    {
        Assert.Equal(ClientHelloStatus.Invalid, Read(Handshake(Hello((0, Sni("a.example.com")), (0, Sni("b.example.com"))))).Status);
        Assert.Equal(ClientHelloStatus.Invalid, Read(Handshake(Hello((0, Sni("bad name\0.example.com"))))).Status);
        Assert.Equal(ClientHelloStatus.Invalid, Read(Handshake(Hello((0, [0, 0])))).Status);
        Assert.Equal(ClientHelloStatus.Invalid, Read(Handshake(Hello((0, Sni(new string('a', 254)))))).Status);
    }

    [Fact]
    public void Unknown_extensions_and_name_types_are_skipped()
    {
        var otherType = Sni("x.example.com");
        otherType[2] = 7;
        Assert.Equal(new ClientHelloResult(ClientHelloStatus.Complete, null), Read(Handshake(Hello((0x0a, [0, 2, 0, 0x1d]), (0, otherType)))));
        Assert.Equal("b.example.com", Read(Handshake(Hello((0xff01, [0]), (0, Sni("b.example.com")), (0x2b, [2, 3, 4])))).ServerName);
    }

    [Fact]
    public async Task Mutated_and_random_input_never_throws()
    {
        var hello = await CaptureAsync("fuzz.example.com");
        var random = new Random(20261121);
        for (var i = 0; i < 5000; i++)
        {
            var mutated = hello.ToArray();
            for (var flips = random.Next(1, 6); flips > 0; flips--)
            {
                mutated[random.Next(mutated.Length)] = (byte)random.Next(256);
            }

            var cut = random.Next(mutated.Length + 1);
            _ = ClientHello.TryRead(Segmented(mutated.AsSpan(0, cut).ToArray(), 1 + random.Next(4)));

            var noise = new byte[1 + random.Next(64)];
            random.NextBytes(noise);
            noise[0] = 0x16;
            _ = ClientHello.TryRead(new ReadOnlySequence<byte>(noise));
        }
    }

    private static ClientHelloResult Read(byte[] handshake) => ClientHello.TryRead(new ReadOnlySequence<byte>(Fragment(handshake, 16384)));

    /// <summary>What SslStream sends first, read record by record off a loopback socket.</summary>
    private static async Task<byte[]> CaptureAsync(string targetHost)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
        using var server = await listener.AcceptTcpClientAsync();
        var ssl = new SslStream(client.GetStream());
        var handshake = ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = targetHost,
            RemoteCertificateValidationCallback = (_, _, _, _) => false,
        });

        var stream = server.GetStream();
        var header = new byte[5];
        await stream.ReadExactlyAsync(header);
        var body = new byte[BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(3))];
        await stream.ReadExactlyAsync(body);
        server.Close();
        await Assert.ThrowsAnyAsync<Exception>(() => handshake);
        await ssl.DisposeAsync();
        return [.. header, .. body];
    }

    /// <summary>The handshake message inside a single-record capture.</summary>
    private static byte[] HandshakeOf(byte[] records) => records[5..];

    /// <summary>Wraps a handshake message into handshake records of at most <paramref name="size"/> bytes each.</summary>
    private static byte[] Fragment(byte[] handshake, int size)
    {
        var output = new List<byte>();
        for (var offset = 0; offset < handshake.Length; offset += size)
        {
            var length = Math.Min(size, handshake.Length - offset);
            output.AddRange([0x16, 3, 1, (byte)(length >> 8), (byte)length]);
            output.AddRange(handshake.AsSpan(offset, length).ToArray());
        }

        return output.ToArray();
    }

    /// <summary>The bytes as a sequence of several segments, as a socket delivers them.</summary>
    private static ReadOnlySequence<byte> Segmented(byte[] bytes, int segments)
    {
        if (bytes.Length == 0 || segments <= 1)
        {
            return new ReadOnlySequence<byte>(bytes);
        }

        var size = Math.Max(1, bytes.Length / segments);
        var first = new Segment(bytes.AsMemory(0, Math.Min(size, bytes.Length)), 0);
        var last = first;
        for (var offset = size; offset < bytes.Length; offset += size)
        {
            last = last.Append(bytes.AsMemory(offset, Math.Min(size, bytes.Length - offset)));
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private static byte[] Handshake(byte[] body) => [1, (byte)(body.Length >> 16), (byte)(body.Length >> 8), (byte)body.Length, .. body];

    /// <summary>A minimal ClientHello body: TLS 1.2 version, zero random, no session, one cipher, null compression, the extensions.</summary>
    private static byte[] Hello(params (int Type, byte[] Data)[] extensions)
    {
        var ext = new List<byte>();
        foreach (var (type, data) in extensions)
        {
            ext.AddRange([(byte)(type >> 8), (byte)type, (byte)(data.Length >> 8), (byte)data.Length]);
            ext.AddRange(data);
        }

        return [3, 3, .. new byte[32], 0, 0, 2, 0x13, 0x01, 1, 0, (byte)(ext.Count >> 8), (byte)ext.Count, .. ext];
    }

    private static byte[] Sni(string name)
    {
        var bytes = Encoding.ASCII.GetBytes(name);
        var listLength = bytes.Length + 3;
        return [(byte)(listLength >> 8), (byte)listLength, 0, (byte)(bytes.Length >> 8), (byte)bytes.Length, .. bytes];
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
