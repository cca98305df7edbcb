using Gimbal.Discovery.Metrics;
using Gimbal.Discovery.OpenStack;
using Gimbal.Discovery.OpenStack.Identity;
using Gimbal.Testing.OpenStack;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gimbal.Discovery.Tests.OpenStack;

/// <summary>
/// A fake OpenStack with a user "gimbal" (password "s3cret", domain Default), the project "admin" it scopes to, and
/// whatever the test seeds; plus a discoverer connected to it.
/// </summary>
internal sealed class OpenStackTestCloud : IAsyncDisposable
{
    public const string Backend = "openstack";
    public const string Password = "s3cret";

    private readonly ServiceProvider _services;
    private readonly List<OpenStackConnection> _connections = [];

    private OpenStackTestCloud(FakeOpenStackServer server, string userId)
    {
        Server = server;
        UserId = userId;
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        Metrics = new DiscovererMetrics(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
    }

    public FakeOpenStackServer Server { get; }

    public string UserId { get; }

    public DiscovererMetrics Metrics { get; }

    /// <summary>The factory behind <see cref="Metrics"/>: listeners filter on it, since tests running at the same time share meter names.</summary>
    public System.Diagnostics.Metrics.IMeterFactory MeterFactory => _services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();

    public static async Task<OpenStackTestCloud> StartAsync(FakeOpenStackOptions? options = null)
    {
        var server = await FakeOpenStackServer.StartAsync(options);
        var userId = server.AddUser("gimbal", Password);
        server.AddProject("admin");
        return new OpenStackTestCloud(server, userId);
    }

    public OpenStackCredentials PasswordCredentials(string? region = null, string endpointInterface = "public") => new()
    {
        AuthUrl = Server.AuthUrl,
        Username = "gimbal",
        Password = Password,
        ProjectName = "admin",
        RegionName = region,
        Interface = endpointInterface,
    };

    public OpenStackOptions Options(OpenStackCredentials? credentials = null, IReadOnlyList<string>? watchlist = null) => new()
    {
        BackendName = Backend,
        Credentials = credentials ?? PasswordCredentials(),
        ProjectWatchlist = watchlist ?? [],
        HttpClientTimeout = TimeSpan.FromSeconds(30),
    };

    public (OpenStackDiscoverer Discoverer, OpenStackConnection Connection) Discoverer(OpenStackOptions? options = null, TimeProvider? time = null)
    {
        options ??= Options();
        var metrics = new OpenStackMetrics(Metrics, options.BackendName);
        var connection = new OpenStackConnection(options, metrics, time ?? TimeProvider.System);
        _connections.Add(connection);
        return (new OpenStackDiscoverer(options, connection.Api, metrics, NullLogger<OpenStackDiscoverer>.Instance), connection);
    }

    /// <summary>A project with one load balancer: a listener on <paramref name="port"/> whose default pool has the given members (port 8080).</summary>
    public (string ProjectId, string LoadBalancerId, string PoolId, string[] MemberIds) SeedProject(string project, int port, params string[] memberAddresses)
    {
        var projectId = Server.AddProject(project);
        var (lb, pool, members) = SeedLoadBalancer(projectId, project + "-lb", port, memberAddresses);
        return (projectId, lb, pool, members);
    }

    public (string LoadBalancerId, string PoolId, string[] MemberIds) SeedLoadBalancer(string projectId, string name, int port, params string[] memberAddresses)
    {
        var lb = Server.AddLoadBalancer(projectId, name);
        var listener = Server.AddListener(lb, port);
        var pool = Server.AddPool(lb, listener);
        var members = memberAddresses.Select(a => Server.AddMember(pool, a, 8080)).ToArray();
        return (lb, pool, members);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _connections)
        {
            connection.Dispose();
        }

        await _services.DisposeAsync();
        await Server.DisposeAsync();
    }
}
