using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using Gimbal.Core.Collections;
using Gimbal.Core.Routing;
using Gimbal.Yarp.Tcp;
using Gimbal.Yarp.Tests.Infrastructure;
using Gimbal.Yarp.Tls;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static Gimbal.Yarp.Tests.Infrastructure.Tables;

namespace Gimbal.Yarp.Tests.Tcp;

/// <summary>The TCP proxy's idle timeout and ClientHello timeout close connections that stay silent.</summary>
public sealed class TcpProxyTimeoutTests : IAsyncLifetime
{
    private readonly TlsCertificate _database = TestCertificates.Create("upstream/db", "db.example.com");
    private TcpEchoServer _echo = null!;
    private WebApplication _app = null!;
    private int _port;

    public async Task InitializeAsync()
    {
        _echo = TcpEchoServer.Start("idle", TestCertificates.ToX509(_database));
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddGimbalYarp();
        builder.Services.Configure<TcpProxyOptions>(o =>
        {
            o.IdleTimeout = TimeSpan.FromSeconds(1);
            o.ClientHelloTimeout = TimeSpan.FromSeconds(1);
        });
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseGimbalTls(k.ApplicationServices.GetRequiredService<GimbalCertificateSelector>())));
        _app = builder.Build();
        _app.UseGimbalYarp();
        await _app.StartAsync();
        _port = new Uri(_app.Urls.First()).Port;
        _app.Services.GetRequiredService<GimbalYarpDataPlane>().Apply(
            Table(
                [new VirtualHost { Name = "db.example.com", TcpProxy = new Core.Routing.TcpProxy { Passthrough = true, Clusters = EquatableArray.Create(new WeightedCluster { ClusterName = "idle" }) } }],
                [Cluster("idle")]),
            EndpointTable(Endpoints("idle", _echo.Port)));
    }

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _echo.DisposeAsync();
    }

    [Fact]
    public async Task A_proxied_connection_without_traffic_is_closed_after_the_idle_timeout()
    {
        using var connections = new MetricRecorder("gimbal.yarp.tcp.connections");
        await Eventually.HoldsAsync(
            async () =>
            {
                try
                {
                    using var tcp = new TcpClient();
                    await tcp.ConnectAsync(IPAddress.Loopback, _port);
                    await using var ssl = new SslStream(tcp.GetStream());
                    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                    await ssl.AuthenticateAsClientAsync(
                        new SslClientAuthenticationOptions { TargetHost = "db.example.com", RemoteCertificateValidationCallback = (_, c, _, _) => c is not null },
                        timeout.Token);
                    await ssl.WriteAsync(Encoding.ASCII.GetBytes("hello\n"), timeout.Token);
                    var buffer = new byte[64];
                    if (Encoding.ASCII.GetString(buffer, 0, await ssl.ReadAsync(buffer, timeout.Token)) != "idle:hello\n")
                    {
                        return false;
                    }

                    // Now silence: the gateway closes the connection; the test does not wait for EOF forever.
                    return await ClosedAsync(ssl, timeout.Token);
                }
                catch (Exception ex) when (ex is SocketException or AuthenticationException)
                {
                    return false;
                }
            },
            "an idle proxied connection is closed");

        await Eventually.HoldsAsync(
            () => Task.FromResult(connections.Sum(("cluster", "idle"), ("outcome", "idle_timeout")) >= 1),
            "the idle close is counted");
    }

    [Fact]
    public async Task A_client_that_sends_no_client_hello_is_closed()
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, _port);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        Assert.True(await ClosedAsync(tcp.GetStream(), timeout.Token));
    }

    /// <summary>True once the peer closed (end of stream or reset); false if the test's own timeout came first.</summary>
    private static async Task<bool> ClosedAsync(Stream stream, CancellationToken cancellationToken)
    {
        try
        {
            var buffer = new byte[64];
            while (await stream.ReadAsync(buffer, cancellationToken) > 0)
            {
            }

            return true;
        }
        catch (IOException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
