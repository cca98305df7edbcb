using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Gimbal.Yarp.Tests.FastLane;

/// <summary>
/// A raw upstream on loopback that answers one request per connection with fixed bytes and then closes the
/// connection: for responses Kestrel would never send (HTTP/1.0, 1xx, close-delimited bodies), and for a server that
/// closes a connection right after answering on it.
/// </summary>
public sealed class RawUpstream : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly byte[] _response;
    private readonly Task _accepting;
    private int _requests;

    private RawUpstream(string response)
    {
        _response = Encoding.Latin1.GetBytes(response);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public int Requests => Volatile.Read(ref _requests);

    public static RawUpstream Start(string response) => new(response);

    /// <summary>
    /// Answers 200 "closing" with a Content-Length and closes: announced with "Connection: close", or silently (like a
    /// server whose keep-alive timer fired right after answering).
    /// </summary>
    public static RawUpstream Closing(bool announce) =>
        Start($"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 7\r\n{(announce ? "Connection: close\r\n" : string.Empty)}\r\nclosing");

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stopping.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = ServeOneAsync(socket);
        }
    }

    private async Task ServeOneAsync(Socket socket)
    {
        using (socket)
        {
            try
            {
                var buffer = new byte[32 * 1024];
                var length = 0;
                while (buffer.AsSpan(0, length).IndexOf("\r\n\r\n"u8) < 0)
                {
                    var read = await socket.ReceiveAsync(buffer.AsMemory(length), SocketFlags.None, _stopping.Token);
                    if (read == 0 || (length += read) == buffer.Length)
                    {
                        return;
                    }
                }

                Interlocked.Increment(ref _requests);
                await socket.SendAsync(_response, SocketFlags.None, _stopping.Token);
                socket.Shutdown(SocketShutdown.Both);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException)
            {
                // The gateway went away first, or the test is over.
            }
        }
    }
}
