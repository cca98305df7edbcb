using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Gimbal.Core.Collections;
using Gimbal.Core.Routing;
using Gimbal.Yarp.Tests.Infrastructure;
using static Gimbal.Yarp.Tests.Infrastructure.Tables;

namespace Gimbal.Yarp.Tests.Tcp;

/// <summary>
/// TLS passthrough and TLS-terminated tcpproxy hosts on the gateway's HTTPS listener, over real
/// sockets: raw TCP/TLS echo upstreams, SslStream clients with SNI, certificates generated here.
/// </summary>
public sealed class TcpProxyTests : IAsyncLifetime
{
    private readonly TlsCertificate _shop = TestCertificates.Create("team-a/shop", "shop.example.com");
    private readonly TlsCertificate _terminated = TestCertificates.Create("team-a/term", "term.example.com");
    private readonly TlsCertificate _database = TestCertificates.Create("upstream/db", "db.example.com");
    private Upstream _app = null!;

    public async Task InitializeAsync() => _app = await Upstream.StartAsync("app");

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Passthrough_hands_the_clients_handshake_to_the_upstream_and_other_hosts_still_terminate()
    {
        await using var db = TcpEchoServer.Start("db", TestCertificates.ToX509(_database));
        await using var gateway = await TestGateway.StartAsync();
        gateway.Apply(
            Table([PassthroughHost("db.example.com", ("db", 1)), ShopHost()], [Cluster("db"), Cluster("app")], [_shop]),
            EndpointTable(Endpoints("db", db.Port), Endpoints("app", _app)));

        var served = await EventuallyExchangeAsync(gateway, "db.example.com", "db:hello");
        Assert.Equal(Thumbprint(_database), served.Thumbprint);
        Assert.Equal("db.example.com", db.LastServerName);

        // The bytes peeked for the passthrough decision are replayed to TLS termination.
        using var client = HttpsClient(gateway);
        using var response = await client.GetAsync("https://shop.example.com/cart");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("app /cart HTTP/1.1", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpVersion.Version20, response.Version);
    }

    [Fact]
    public async Task Passthrough_connections_are_spread_over_weighted_clusters()
    {
        await using var east = TcpEchoServer.Start("east", TestCertificates.ToX509(_database));
        await using var west = TcpEchoServer.Start("west", TestCertificates.ToX509(_database));
        await using var gateway = await TestGateway.StartAsync();
        gateway.Apply(
            Table([PassthroughHost("db.example.com", ("east", 1), ("west", 1))], [Cluster("east"), Cluster("west")]),
            EndpointTable(Endpoints("east", east.Port), Endpoints("west", west.Port)));

        await EventuallyExchangeAsync(gateway, "db.example.com", null);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 60 && seen.Count < 2; i++)
        {
            var (reply, _) = await ExchangeAsync(gateway, "db.example.com");
            seen.Add(reply.Split(':')[0]);
        }

        Assert.Equal(["east", "west"], seen.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_client_half_close_reaches_the_upstream_which_can_still_answer()
    {
        // Raw bytes behind a ClientHello: passthrough never looks past the SNI.
        await using var raw = TcpEchoServer.Start("raw");
        await using var gateway = await TestGateway.StartAsync();
        gateway.Apply(Table([PassthroughHost("raw.example.com", ("raw", 1))], [Cluster("raw")]), EndpointTable(Endpoints("raw", raw.Port)));

        var hello = CraftedClientHello("raw.example.com");
        var payload = Encoding.ASCII.GetBytes("\npayload after the hello\n");
        string? last = null;
        await Eventually.HoldsAsync(
            async () =>
            {
                try
                {
                    using var tcp = new TcpClient();
                    await tcp.ConnectAsync(IPAddress.Loopback, gateway.HttpsPort);
                    var stream = tcp.GetStream();
                    await stream.WriteAsync(hello);
                    await stream.WriteAsync(payload);
                    tcp.Client.Shutdown(SocketShutdown.Send);
                    var lines = await ReadToEndAsync(stream);
                    last = lines.LastOrDefault();
                    return last is not null;
                }
                catch (Exception ex) when (ex is IOException or SocketException)
                {
                    // Until the table is live, the listener takes the bytes for a (failing) TLS handshake.
                    return false;
                }
            },
            "the upstream answers after the client's half-close");

        Assert.Equal($"raw:eof:{hello.Length + payload.Length}", last);
    }

    [Fact]
    public async Task Terminated_tcpproxy_serves_the_hosts_certificate_and_forwards_the_decrypted_stream()
    {
        await using var plain = TcpEchoServer.Start("plain");
        await using var gateway = await TestGateway.StartAsync();
        gateway.Apply(
            Table([TerminatedHost("term.example.com", "plain"), ShopHost()], [Cluster("plain"), Cluster("app")], [_terminated, _shop]),
            EndpointTable(Endpoints("plain", plain.Port), Endpoints("app", _app)));

        var served = await EventuallyExchangeAsync(gateway, "term.example.com", "plain:hello");
        Assert.Equal(Thumbprint(_terminated), served.Thumbprint);

        // The upstream speaks its own protocol: the gateway offers no ALPN for the host.
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, gateway.HttpsPort);
        await using var ssl = new SslStream(tcp.GetStream());
        await ssl.AuthenticateAsClientAsync(ClientOptions("term.example.com", [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11]));
        Assert.Equal(default, ssl.NegotiatedApplicationProtocol);
    }

    [Fact]
    public async Task Terminated_tcpproxy_to_a_tls_cluster_reencrypts_to_the_upstream()
    {
        await using var secure = TcpEchoServer.Start("secure", TestCertificates.ToX509(_database));
        await using var gateway = await TestGateway.StartAsync();
        gateway.Apply(
            Table([TerminatedHost("term.example.com", "secure")], [Cluster("secure", protocol: UpstreamProtocol.Tls)], [_terminated]),
            EndpointTable(Endpoints("secure", secure.Port)));

        var served = await EventuallyExchangeAsync(gateway, "term.example.com", "secure:hello");
        Assert.Equal(Thumbprint(_terminated), served.Thumbprint);
    }

    [Fact]
    public async Task Http_routes_of_a_tcpproxy_host_are_served_on_plain_http_only()
    {
        await using var plain = TcpEchoServer.Start("plain");
        await using var gateway = await TestGateway.StartAsync();
        gateway.Apply(
            Table(
                [TerminatedHost("term.example.com", "plain") with { Routes = EquatableArray.Create(Forward("/", "app")) }, ShopHost()],
                [Cluster("plain"), Cluster("app")],
                [_terminated, _shop]),
            EndpointTable(Endpoints("plain", plain.Port), Endpoints("app", _app)));
        await EventuallyExchangeAsync(gateway, "term.example.com", "plain:hello");

        using var http = gateway.CreateClient();
        using var plainRequest = new HttpRequestMessage(HttpMethod.Get, "/x") { Headers = { Host = "term.example.com" } };
        using var plainResponse = await http.SendAsync(plainRequest);
        Assert.Equal(HttpStatusCode.OK, plainResponse.StatusCode);

        // HTTPS for another SNI name must not reach the tcpproxy host's HTTP routes by Host header.
        // The handler would send the Host header's name as SNI, so TLS is set up by hand underneath.
        using var https = new HttpClient(new SocketsHttpHandler
        {
            ConnectCallback = async (_, ct) =>
            {
                var tcp = new TcpClient();
                await tcp.ConnectAsync(IPAddress.Loopback, gateway.HttpsPort, ct);
                var ssl = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false);
                await ssl.AuthenticateAsClientAsync(ClientOptions("shop.example.com", [SslApplicationProtocol.Http11]), ct);
                return ssl;
            },
        });
        using var secureRequest = new HttpRequestMessage(HttpMethod.Get, "http://term.example.com/x");
        using var secureResponse = await https.SendAsync(secureRequest);
        Assert.Equal(HttpStatusCode.NotFound, secureResponse.StatusCode);
    }

    [Fact]
    public async Task Connections_are_counted_and_a_host_without_endpoints_closes_them()
    {
        using var connections = new MetricRecorder("gimbal.yarp.tcp.connections");
        await using var db = TcpEchoServer.Start("counted", TestCertificates.ToX509(_database));
        await using var gateway = await TestGateway.StartAsync();
        gateway.Apply(
            Table([PassthroughHost("db.example.com", ("counted", 1)), PassthroughHost("empty.example.com", ("nowhere", 1))], [Cluster("counted"), Cluster("nowhere")]),
            EndpointTable(Endpoints("counted", db.Port)));
        await EventuallyExchangeAsync(gateway, "db.example.com", "counted:hello");

        await Eventually.HoldsAsync(
            () => Task.FromResult(connections.Sum(("mode", "passthrough"), ("cluster", "counted"), ("outcome", "closed")) >= 1),
            "the proxied connection is counted once it closed");

        await Assert.ThrowsAnyAsync<Exception>(() => ExchangeAsync(gateway, "empty.example.com"));
        await Eventually.HoldsAsync(
            () => Task.FromResult(connections.Sum(("mode", "passthrough"), ("cluster", "nowhere"), ("outcome", "no_upstream")) >= 1),
            "the refused connection is counted");
    }

    private VirtualHost ShopHost() => Host("shop.example.com", Forward("/", "app")) with { Tls = new TlsBinding { CertificateName = _shop.Name } };

    private VirtualHost TerminatedHost(string name, string cluster) => new()
    {
        Name = name,
        Tls = new TlsBinding { CertificateName = _terminated.Name },
        TcpProxy = new Core.Routing.TcpProxy { Clusters = EquatableArray.Create(new WeightedCluster { ClusterName = cluster }) },
    };

    private static VirtualHost PassthroughHost(string name, params (string Cluster, int Weight)[] clusters) => new()
    {
        Name = name,
        TcpProxy = new Core.Routing.TcpProxy
        {
            Passthrough = true,
            Clusters = clusters.Select(c => new WeightedCluster { ClusterName = c.Cluster, Weight = c.Weight }).ToEquatableArray(),
        },
    };

    private static string Thumbprint(TlsCertificate certificate) => X509Certificate2.CreateFromPem(certificate.CertificatePem).Thumbprint;

    /// <summary>Retries the first exchange until the new table is live; returns the certificate the client saw.</summary>
    private static async Task<X509Certificate2> EventuallyExchangeAsync(TestGateway gateway, string serverName, string? expected)
    {
        X509Certificate2? served = null;
        await Eventually.HoldsAsync(
            async () =>
            {
                try
                {
                    var (reply, certificate) = await ExchangeAsync(gateway, serverName);
                    served = certificate;
                    return expected is null || reply == expected;
                }
                catch (Exception ex) when (ex is IOException or SocketException or AuthenticationException)
                {
                    return false;
                }
            },
            $"{serverName} is proxied");
        return served!;
    }

    /// <summary>A TLS connection with SNI: sends "hello", returns the first line back and the server certificate.</summary>
    private static async Task<(string Reply, X509Certificate2 Certificate)> ExchangeAsync(TestGateway gateway, string serverName)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, gateway.HttpsPort);
        await using var ssl = new SslStream(tcp.GetStream());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await ssl.AuthenticateAsClientAsync(ClientOptions(serverName, null), timeout.Token);
        await ssl.WriteAsync(Encoding.ASCII.GetBytes("hello\n"), timeout.Token);
        var line = await ReadLineAsync(ssl, timeout.Token) ?? throw new IOException("closed without an answer");
        return (line, new X509Certificate2(ssl.RemoteCertificate!));
    }

    private static SslClientAuthenticationOptions ClientOptions(string serverName, List<SslApplicationProtocol>? alpn) => new()
    {
        TargetHost = serverName,
        ApplicationProtocols = alpn,
        // Self-signed test certificates: the tests compare what was served instead.
        RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null,
    };

    private static async Task<string?> ReadLineAsync(Stream stream, CancellationToken cancellationToken)
    {
        var bytes = new List<byte>();
        var one = new byte[1];
        while (await stream.ReadAsync(one, cancellationToken) == 1)
        {
            if (one[0] == '\n')
            {
                return Encoding.UTF8.GetString(bytes.ToArray());
            }

            bytes.Add(one[0]);
        }

        return null;
    }

    private static async Task<List<string>> ReadToEndAsync(Stream stream)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var lines = new List<string>();
        while (await ReadLineAsync(stream, timeout.Token) is { } line)
        {
            lines.Add(line);
        }

        return lines;
    }

    private static HttpClient HttpsClient(TestGateway gateway) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (_, ct) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(IPAddress.Loopback, gateway.HttpsPort, ct);
            return new NetworkStream(socket, ownsSocket: true);
        },
        SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null },
    })
    {
        DefaultRequestVersion = HttpVersion.Version20,
        DefaultVersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        Timeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>A minimal but well-formed ClientHello record with the given SNI name.</summary>
    private static byte[] CraftedClientHello(string serverName)
    {
        var name = Encoding.ASCII.GetBytes(serverName);
        byte[] sni = [0, 0, (byte)((name.Length + 5) >> 8), (byte)(name.Length + 5), (byte)((name.Length + 3) >> 8), (byte)(name.Length + 3), 0, (byte)(name.Length >> 8), (byte)name.Length, .. name];
        byte[] body = [3, 3, .. new byte[32], 0, 0, 2, 0x13, 0x01, 1, 0, (byte)(sni.Length >> 8), (byte)sni.Length, .. sni];
        byte[] handshake = [1, 0, (byte)(body.Length >> 8), (byte)body.Length, .. body];
        return [0x16, 3, 1, (byte)(handshake.Length >> 8), (byte)handshake.Length, .. handshake];
    }
}
