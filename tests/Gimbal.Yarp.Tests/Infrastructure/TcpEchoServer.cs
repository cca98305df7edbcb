using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Gimbal.Yarp.Tests.Infrastructure;

/// <summary>
/// A raw TCP upstream on 127.0.0.1, optionally terminating TLS with its own certificate: answers
/// every line with "name:line", and when the client half-closes, "name:eof:&lt;bytes received&gt;"
/// before closing its side.
/// </summary>
public sealed class TcpEchoServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly X509Certificate2? _certificate;
    private readonly Task _accepting;
    private int _connections;

    private TcpEchoServer(string name, X509Certificate2? certificate)
    {
        Name = name;
        _certificate = certificate;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public string Name { get; }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public int Connections => Volatile.Read(ref _connections);

    /// <summary>The SNI name of the last TLS handshake this server completed.</summary>
    public string? LastServerName { get; private set; }

    public static TcpEchoServer Start(string name, X509Certificate2? certificate = null) => new(name, certificate);

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            Interlocked.Increment(ref _connections);
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        try
        {
            Stream stream = client.GetStream();
            if (_certificate is not null)
            {
                var ssl = new SslStream(stream);
                await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = _certificate }, _stop.Token);
                LastServerName = ssl.TargetHostName;
                stream = ssl;
            }

            await using (stream)
            {
                var buffer = new byte[4096];
                var line = new List<byte>();
                long total = 0;
                int read;
                while ((read = await stream.ReadAsync(buffer, _stop.Token)) > 0)
                {
                    total += read;
                    foreach (var b in buffer.Take(read).ToArray())
                    {
                        if (b != (byte)'\n')
                        {
                            line.Add(b);
                            continue;
                        }

                        await stream.WriteAsync(Encoding.UTF8.GetBytes($"{Name}:{Encoding.UTF8.GetString(line.ToArray())}\n"), _stop.Token);
                        line.Clear();
                    }
                }

                await stream.WriteAsync(Encoding.UTF8.GetBytes($"{Name}:eof:{total}\n"), _stop.Token);
                client.Client.Shutdown(SocketShutdown.Send);
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException or System.Security.Authentication.AuthenticationException)
        {
            // The client went away: nothing to answer.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
