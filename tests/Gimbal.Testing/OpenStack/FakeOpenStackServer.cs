using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gimbal.Testing.OpenStack;

/// <summary>
/// A fake Keystone v3 + Octavia + Neutron LBaaS v2 on 127.0.0.1 with a random port, answering with the OpenStack
/// API reference's own sample bodies. Keystone lives under /identity/v3; load-balancer and network endpoints under
/// /&lt;region&gt;/&lt;interface&gt;/load-balancer/ and …/network/, so a test sees which catalog endpoint a client chose.
/// Tests seed the cloud, change it between cycles, revoke tokens and inject failures.
/// </summary>
public sealed class FakeOpenStackServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly FakeCloud _cloud;

    private FakeOpenStackServer(WebApplication app, FakeCloud cloud, FakeOpenStackOptions options, FakeFaults faults, FakeRequestLog requests, Uri url)
    {
        _app = app;
        _cloud = cloud;
        Options = options;
        Faults = faults;
        Requests = requests;
        Url = url;
    }

    /// <summary>The base address, e.g. http://127.0.0.1:41234/.</summary>
    public Uri Url { get; }

    /// <summary>OS_AUTH_URL for this server.</summary>
    public string AuthUrl => Url + "identity/v3";

    public FakeOpenStackOptions Options { get; }

    public FakeFaults Faults { get; }

    public FakeRequestLog Requests { get; }

    public static async Task<FakeOpenStackServer> StartAsync(FakeOpenStackOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new FakeOpenStackOptions();
        var cloud = new FakeCloud();
        var faults = new FakeFaults();
        var requests = new FakeRequestLog();
        var samples = new ApiSamples();
        Uri? url = null;

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            listen.Protocols = HttpProtocols.Http1;
            if (options.ServerCertificate is { } certificate)
            {
                listen.UseHttps(certificate);
            }
        }));

        var app = builder.Build();
        var router = new FakeOpenStackRouter(cloud, faults, requests, options, samples, () => url!);
        app.Run(router.HandleAsync);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        url = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/') + "/");
        return new FakeOpenStackServer(app, cloud, options, faults, requests, url);
    }

    /// <summary>The path prefix of a region's endpoints for one interface, e.g. "regionone/public".</summary>
    public static string SiteOf(string region, string endpointInterface) => $"{region.ToLowerInvariant()}/{endpointInterface}";

    public string AddUser(string name, string password, string domainName = "Default")
    {
        var id = Guid.NewGuid().ToString("N");
        _cloud.Change(c => c.Users.Add(new FakeUser(id, name, domainName, password)));
        return id;
    }

    /// <summary>An application credential of <paramref name="userId"/>, scoped to the project named <paramref name="projectName"/>.</summary>
    public void AddApplicationCredential(string id, string secret, string userId, string projectName) =>
        _cloud.Change(c => c.ApplicationCredentials.Add(new FakeApplicationCredential(id, "gimbal", secret, userId, c.Projects.Single(p => p.Name == projectName).Id)));

    public string AddProject(string name)
    {
        var id = Guid.NewGuid().ToString("N");
        _cloud.Change(c => c.Projects.Add(new FakeProject(id, name, "default")));
        return id;
    }

    /// <summary>Removes the project from Keystone (its load balancers stay in Octavia, as they do when a project is deleted).</summary>
    public void RemoveProject(string name) => _cloud.Change(c => c.Projects.RemoveAll(p => p.Name == name));

    public string AddLoadBalancer(string projectId, string name)
    {
        var id = _cloud.NewId();
        _cloud.Change(c => c.LoadBalancers.Add(new FakeLoadBalancer { Id = id, ProjectId = projectId, Name = name }));
        return id;
    }

    public void RemoveLoadBalancer(string id) => _cloud.Change(c =>
    {
        c.LoadBalancers.RemoveAll(l => l.Id == id);
        c.Listeners.RemoveAll(l => l.LoadBalancerId == id);
        var pools = c.Pools.Where(p => p.LoadBalancerId == id).Select(p => p.Id).ToHashSet();
        c.Pools.RemoveAll(p => pools.Contains(p.Id));
        c.Members.RemoveAll(m => pools.Contains(m.PoolId));
    });

    public string AddListener(string loadBalancerId, int port, string protocol = "HTTP")
    {
        var id = _cloud.NewId();
        _cloud.Change(c => c.Listeners.Add(new FakeListener
        {
            Id = id, ProjectId = c.LoadBalancers.Single(l => l.Id == loadBalancerId).ProjectId, LoadBalancerId = loadBalancerId, ProtocolPort = port, Protocol = protocol,
        }));
        return id;
    }

    /// <summary>A pool on the load balancer; with a listener, it becomes that listener's default pool.</summary>
    public string AddPool(string loadBalancerId, string? listenerId = null)
    {
        var id = _cloud.NewId();
        _cloud.Change(c =>
        {
            c.Pools.Add(new FakePool { Id = id, ProjectId = c.LoadBalancers.Single(l => l.Id == loadBalancerId).ProjectId, LoadBalancerId = loadBalancerId, ListenerId = listenerId });
            if (listenerId is not null)
            {
                c.Listeners.Single(l => l.Id == listenerId).DefaultPoolId = id;
            }
        });
        return id;
    }

    public string AddMember(string poolId, string address, int port, int weight = 1)
    {
        var id = _cloud.NewId();
        _cloud.Change(c => c.Members.Add(new FakeMember
        {
            Id = id, ProjectId = c.Pools.Single(p => p.Id == poolId).ProjectId, PoolId = poolId, Address = address, ProtocolPort = port, Weight = weight,
        }));
        return id;
    }

    public void UpdateMember(string memberId, bool? adminStateUp = null, string? operatingStatus = null, int? weight = null) => _cloud.Change(c =>
    {
        var member = c.Members.Single(m => m.Id == memberId);
        member.AdminStateUp = adminStateUp ?? member.AdminStateUp;
        member.OperatingStatus = operatingStatus ?? member.OperatingStatus;
        member.Weight = weight ?? member.Weight;
    });

    public void RemoveMember(string memberId) => _cloud.Change(c => c.Members.RemoveAll(m => m.Id == memberId));

    /// <summary>Makes every token issued so far invalid: services answer 401 to them (as after a revocation).</summary>
    public void RevokeAllTokens() => _cloud.Change(c =>
    {
        foreach (var token in c.Tokens.Values)
        {
            token.Revoked = true;
        }
    });

    /// <summary>
    /// The next request whose path contains <paramref name="pathFragment"/> finds every token issued so far expired
    /// (by the server's clock), as when a token runs out in the middle of a cycle.
    /// </summary>
    public void ExpireTokensOnRequest(string pathFragment) => _cloud.Change(c => c.ExpireOnRequest.Add(pathFragment));

    /// <summary>How many tokens Keystone has issued.</summary>
    public int IssuedTokens => _cloud.Read(c => c.Tokens.Count);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
