using System.Collections.Concurrent;

namespace Gimbal.Testing.OpenStack;

/// <summary>One request the fake server answered: method, path with query, the token sent, and the status answered.</summary>
public sealed record FakeRequest(string Method, string PathAndQuery, string? Token, int Status);

/// <summary>Every request the fake server answered, in order.</summary>
public sealed class FakeRequestLog
{
    private readonly ConcurrentQueue<FakeRequest> _requests = new();

    public IReadOnlyList<FakeRequest> All => [.. _requests];

    public int Count(Func<FakeRequest, bool> predicate) => _requests.Count(predicate);

    public void Clear() => _requests.Clear();

    internal void Add(FakeRequest request) => _requests.Enqueue(request);
}
