using Gimbal.Discovery.OpenStack;
using Gimbal.Discovery.OpenStack.Identity;
using Gimbal.Testing.OpenStack;

namespace Gimbal.Discovery.Tests.OpenStack;

public sealed class KeystoneTests
{
    [Fact]
    public async Task Password_authentication_scopes_the_token_and_reads_the_catalog()
    {
        await using var cloud = await OpenStackTestCloud.StartAsync();
        var (_, connection) = cloud.Discoverer();

        var token = await connection.Session.GetTokenAsync(CancellationToken.None);

        Assert.Equal(32, token.Id.Length);
        Assert.Equal("admin", token.Project?.Name);
        Assert.True(token.ExpiresAt > DateTimeOffset.UtcNow.AddMinutes(50));
        var octavia = token.Catalog.FindEndpoint("load-balancer", "public", null);
        Assert.Equal(new Uri(cloud.Server.Url, "regionone/public/load-balancer/"), octavia);
        Assert.NotNull(token.Catalog.FindEndpoint("identity", "public", "RegionOne"));
    }

    [Fact]
    public async Task Application_credentials_authenticate_without_a_scope()
    {
        await using var cloud = await OpenStackTestCloud.StartAsync();
        cloud.Server.AddProject("team-a");
        cloud.Server.AddApplicationCredential("423f19a4ac1e4f48bbb4180756e6eb6c", "rEaqvJka48mpv", cloud.UserId, "team-a");
        var credentials = new OpenStackCredentials
        {
            AuthUrl = cloud.Server.AuthUrl,
            ApplicationCredentialId = "423f19a4ac1e4f48bbb4180756e6eb6c",
            ApplicationCredentialSecret = "rEaqvJka48mpv",
        };
        Assert.Empty(credentials.Validate());
        var (_, connection) = cloud.Discoverer(cloud.Options(credentials));

        var token = await connection.Session.GetTokenAsync(CancellationToken.None);

        Assert.Equal("team-a", token.Project?.Name);
        Assert.NotNull(token.Catalog.FindEndpoint("load-balancer", "public", null));
    }

    [Fact]
    public async Task A_wrong_password_fails_the_read_without_throwing()
    {
        await using var cloud = await OpenStackTestCloud.StartAsync();
        cloud.SeedProject("team-a", 80, "10.0.0.1");
        var (discoverer, _) = cloud.Discoverer(cloud.Options(cloud.PasswordCredentials() with { Password = "wrong" }));

        var result = await discoverer.ReadAsync(CancellationToken.None);

        Assert.False(result.MirrorSet.Complete);
        Assert.Empty(result.MirrorSet.Services);
        var error = Assert.Single(result.Errors);
        Assert.Equal(OpenStackMetrics.ErrorAuthenticate, error.ErrorType);
        Assert.Contains("The request you have made requires authentication.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_is_reused_and_renewed_before_it_expires()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var cloud = await OpenStackTestCloud.StartAsync(new FakeOpenStackOptions { Clock = clock, TokenLifetime = TimeSpan.FromHours(1) });
        cloud.SeedProject("team-a", 80, "10.0.0.1");
        var (discoverer, _) = cloud.Discoverer(time: clock);

        Assert.True((await discoverer.ReadAsync(CancellationToken.None)).MirrorSet.Complete);
        Assert.True((await discoverer.ReadAsync(CancellationToken.None)).MirrorSet.Complete);
        Assert.Equal(1, cloud.Server.IssuedTokens);

        // Four minutes before expiry is inside the renewal margin (5 minutes for a 1 hour token).
        clock.Advance(TimeSpan.FromMinutes(56));
        var result = await discoverer.ReadAsync(CancellationToken.None);

        Assert.True(result.MirrorSet.Complete);
        Assert.Single(result.MirrorSet.Services);
        Assert.Equal(2, cloud.Server.IssuedTokens);
        Assert.Equal(0, cloud.Server.Requests.Count(r => r.Status == 401));

        // Long after both tokens expired: the discoverer keeps syncing (the original stopped here).
        clock.Advance(TimeSpan.FromHours(5));
        Assert.True((await discoverer.ReadAsync(CancellationToken.None)).MirrorSet.Complete);
        Assert.Equal(3, cloud.Server.IssuedTokens);
    }

    [Fact]
    public async Task A_token_expiring_mid_cycle_is_renewed_and_the_cycle_completes()
    {
        await using var cloud = await OpenStackTestCloud.StartAsync();
        cloud.SeedProject("team-a", 80, "10.0.0.1", "10.0.0.2");
        var (discoverer, _) = cloud.Discoverer();
        cloud.Server.ExpireTokensOnRequest("/lbaas/pools");

        var result = await discoverer.ReadAsync(CancellationToken.None);

        Assert.True(result.MirrorSet.Complete);
        Assert.Empty(result.Errors);
        Assert.Empty(result.MirrorSet.IncompleteNamespaces);
        Assert.Equal(2, result.MirrorSet.Services.Single().Endpoints.Subsets!.Single().Addresses!.Count);
        Assert.Equal(2, cloud.Server.IssuedTokens);
        Assert.Equal(1, cloud.Server.Requests.Count(r => r.Status == 401));
    }

    [Fact]
    public async Task A_401_renews_the_token_and_the_call_is_retried()
    {
        await using var cloud = await OpenStackTestCloud.StartAsync();
        cloud.SeedProject("team-a", 80, "10.0.0.1");
        var (discoverer, _) = cloud.Discoverer();
        Assert.True((await discoverer.ReadAsync(CancellationToken.None)).MirrorSet.Complete);

        cloud.Server.RevokeAllTokens();
        var result = await discoverer.ReadAsync(CancellationToken.None);

        Assert.True(result.MirrorSet.Complete);
        Assert.Single(result.MirrorSet.Services);
        Assert.Equal(2, cloud.Server.IssuedTokens);
    }

    [Fact]
    public async Task A_401_that_persists_marks_the_project_incomplete_and_later_cycles_recover()
    {
        await using var cloud = await OpenStackTestCloud.StartAsync();
        var (teamA, _, _, _) = cloud.SeedProject("team-a", 80, "10.0.0.1");
        var (discoverer, _) = cloud.Discoverer();
        cloud.Server.Faults.Fail("/lbaas/listeners?project_id=" + teamA, 401, times: 2);

        var failed = await discoverer.ReadAsync(CancellationToken.None);

        var error = Assert.Single(failed.Errors);
        Assert.Equal(OpenStackMetrics.ErrorListListeners, error.ErrorType);
        Assert.Equal("team-a", error.Project);
        Assert.Contains("team-a", failed.MirrorSet.IncompleteNamespaces);

        var recovered = await discoverer.ReadAsync(CancellationToken.None);
        Assert.Empty(recovered.Errors);
        Assert.Single(recovered.MirrorSet.Services);
    }

    [Fact]
    public void Credentials_come_from_the_OS_variables_with_the_documented_defaults()
    {
        var environment = new Dictionary<string, string>
        {
            ["OS_AUTH_URL"] = "https://keystone.example.com:5000",
            ["OS_USERNAME"] = "gimbal",
            ["OS_PASSWORD"] = "pw",
            ["OS_TENANT_NAME"] = "legacy",
            ["OS_REGION_NAME"] = "RegionTwo",
        };

        var credentials = OpenStackCredentials.FromEnvironment(name => environment.GetValueOrDefault(name));

        Assert.Empty(credentials.Validate());
        Assert.Equal("legacy", credentials.ProjectName);
        Assert.Equal("Default", credentials.UserDomainName);
        Assert.Equal("Default", credentials.ProjectDomainName);
        Assert.Equal("public", credentials.Interface);
        Assert.Equal("RegionTwo", credentials.RegionName);
        Assert.False(credentials.UsesApplicationCredential);
        Assert.Equal(new Uri("https://keystone.example.com:5000/v3/"), credentials.IdentityV3Url());

        environment["OS_PROJECT_NAME"] = "current";
        environment["OS_USER_DOMAIN_NAME"] = "ldap";
        Assert.Equal("current", OpenStackCredentials.FromEnvironment(name => environment.GetValueOrDefault(name)).ProjectName);
        Assert.Equal("ldap", OpenStackCredentials.FromEnvironment(name => environment.GetValueOrDefault(name)).UserDomainName);
    }

    [Fact]
    public void Incomplete_credentials_are_reported()
    {
        var problems = new OpenStackCredentials { AuthUrl = "not a url", Username = "u" }.Validate();

        Assert.Contains(problems, p => p.Contains("OS_AUTH_URL", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("OS_PASSWORD", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("OS_PROJECT_NAME", StringComparison.Ordinal));
        Assert.Contains(new OpenStackCredentials { AuthUrl = "http://k/v3", ApplicationCredentialId = "id" }.Validate(), p => p.Contains("SECRET", StringComparison.Ordinal));
    }
}
