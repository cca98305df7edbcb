using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;

namespace Gimbal.Testing.Http;

/// <summary>One request as the test server saw it.</summary>
public sealed record RecordedRequest(string Method, string PathAndQuery, string Protocol, string? UserAgent, string? ContentType, string ConnectionId);

/// <summary>The requests a test server received, newest last (bounded).</summary>
public sealed class RequestLog
{
    private const int Capacity = 10_000;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();

    private readonly ConcurrentQueue<string> _serverNames = new();

    public IReadOnlyList<RecordedRequest> Snapshot() => _requests.ToArray();

    /// <summary>The SNI names clients sent in TLS handshakes ("" when none), in arrival order.</summary>
    public IReadOnlyList<string> ServerNames() => _serverNames.ToArray();

    internal void RecordServerName(string? name) => _serverNames.Enqueue(name ?? string.Empty);

    public void Clear() => _requests.Clear();

    internal void Record(HttpContext context)
    {
        var request = context.Request;
        _requests.Enqueue(new RecordedRequest(request.Method, request.Path + request.QueryString, request.Protocol, request.Headers.UserAgent.ToString(), request.ContentType, context.Connection.Id));
        while (_requests.Count > Capacity && _requests.TryDequeue(out _))
        {
        }
    }
}
