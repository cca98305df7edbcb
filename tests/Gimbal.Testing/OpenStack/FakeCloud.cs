namespace Gimbal.Testing.OpenStack;

/// <summary>
/// The fake cloud's state: users, application credentials, projects, load balancers and their listeners, pools
/// and members, and issued tokens. Every read and change holds one lock, so handlers see consistent state.
/// </summary>
internal sealed class FakeCloud
{
    private readonly Lock _lock = new();
    private int _sequence;

    public List<FakeUser> Users { get; } = [];
    public List<FakeApplicationCredential> ApplicationCredentials { get; } = [];
    public List<FakeProject> Projects { get; } = [];
    public List<FakeLoadBalancer> LoadBalancers { get; } = [];
    public List<FakeListener> Listeners { get; } = [];
    public List<FakePool> Pools { get; } = [];
    public List<FakeMember> Members { get; } = [];
    public Dictionary<string, FakeToken> Tokens { get; } = new(StringComparer.Ordinal);
    public List<string> ExpireOnRequest { get; } = [];

    public T Read<T>(Func<FakeCloud, T> read)
    {
        lock (_lock)
        {
            return read(this);
        }
    }

    public void Change(Action<FakeCloud> change)
    {
        lock (_lock)
        {
            change(this);
        }
    }

    /// <summary>A UUID-shaped id that sorts in creation order, so "marker" paging is easy to follow in tests.</summary>
    public string NewId()
    {
        var n = Interlocked.Increment(ref _sequence);
        return $"{n:x8}-0000-4000-8000-{Guid.NewGuid().ToString("N")[..12]}";
    }
}

internal sealed record FakeUser(string Id, string Name, string DomainName, string Password);

internal sealed record FakeApplicationCredential(string Id, string Name, string Secret, string UserId, string ProjectId);

internal sealed record FakeProject(string Id, string Name, string DomainId);

internal sealed class FakeLoadBalancer
{
    public required string Id { get; init; }
    public required string ProjectId { get; init; }
    public required string Name { get; set; }
    public string VipAddress { get; set; } = "203.0.113.50";
}

internal sealed class FakeListener
{
    public required string Id { get; init; }
    public required string ProjectId { get; init; }
    public required string LoadBalancerId { get; init; }
    public required int ProtocolPort { get; set; }
    public string Protocol { get; set; } = "HTTP";
    public string Name { get; set; } = string.Empty;
    public string? DefaultPoolId { get; set; }
}

internal sealed class FakePool
{
    public required string Id { get; init; }
    public required string ProjectId { get; init; }
    public required string LoadBalancerId { get; init; }
    public string? ListenerId { get; set; }
    public string Name { get; set; } = string.Empty;
}

internal sealed class FakeMember
{
    public required string Id { get; init; }
    public required string ProjectId { get; init; }
    public required string PoolId { get; init; }
    public required string Address { get; set; }
    public required int ProtocolPort { get; set; }
    public int Weight { get; set; } = 1;
    public bool AdminStateUp { get; set; } = true;
    public string OperatingStatus { get; set; } = "ONLINE";
    public string Name { get; set; } = string.Empty;
}

internal sealed record FakeToken(string Id, string UserId, string? ProjectId, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt)
{
    public bool Revoked { get; set; }
}
