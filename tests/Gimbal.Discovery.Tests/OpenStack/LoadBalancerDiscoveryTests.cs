using Gimbal.Core.Naming;
using Gimbal.Discovery.OpenStack;
using Gimbal.Discovery.OpenStack.Mapping;
using Gimbal.Testing.OpenStack;

namespace Gimbal.Discovery.Tests.OpenStack;

public sealed class LoadBalancerDiscoveryTests
{
    [Fact]
    public async Task Octavia_load_balancers_are_read_per_project_and_mapped()
    {
        await using var cloud = await OpenStackTestCloud.StartAsync();
        var (_, lbId, _, _) = cloud.SeedProject("team-a", 443, "192.0.2.16", "192.0.2.17");
        cloud.SeedProject("team-b", 80, "198.51.100.5");
        var (discoverer, _) = cloud.Discoverer();

        var result = await discoverer.ReadAsync(CancellationToken.None);

        Assert.True(result.MirrorSet.Complete);
        Assert.Empty(result.Errors);
        Assert.Equal(["team-a", "team-b"], result.MirrorSet.Services.Select(s => s.Service.Metadata.Namespace));
        var mirror = result.MirrorSet.Services[0];
        Assert.Equal(GimbalNames.BuildDiscoveredName("openstack", lbId), mirror.Service.Metadata.Name);
        Assert.Equal(lbId, mirror.Service.Metadata.Labels![GimbalLabels.Service]);
        Assert.Equal("team-a-lb", mirror.Service.Metadata.Labels[OpenStackLabels.LoadBalancerName]);
        var port = Assert.Single(mirror.Service.Spec!.Ports!);
        Assert.Equal(("port-443", 443, 443), (port.Name, port.Port, port.TargetPort!.Value.Number!.Value));
        var subset = Assert.Single(mirror.Endpoints.Subsets!);
        Assert.Equal(["192.0.2.16", "192.0.2.17"], subset.Addresses!.Select(a => a.Ip));
        Assert.Equal(8080, subset.Ports!.Single().Port);

        // Every list used the project filter, against the public Octavia endpoint of the catalog.
        var lists = cloud.Server.Requests.All.Where(r => r.PathAndQuery.Contains("/lbaas/", StringComparison.Ordinal)).ToList();
        Assert.All(lists, r => Assert.StartsWith("/regionone/public/load-balancer/v2/lbaas/", r.PathAndQuery, StringComparison.Ordinal));
        Assert.All(lists.Where(r => !r.PathAndQuery.Contains("/members", StringComparison.Ordinal)), r => Assert.Contains("project_id=", r.PathAndQuery, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_Octavia_in_the_catalog_Neutron_LBaaS_is_used()
    {
        await using var cloud = await OpenStackTestCloud.StartAsync(new FakeOpenStackOptions { OfferOctavia = false });
        cloud.SeedProject("team-a", 80, "10.0.0.8", "10.0.0.9");
        var (discoverer, _) = cloud.Discoverer();

        var result = await discoverer.ReadAsync(CancellationToken.None);

        Assert.True(result.MirrorSet.Complete);
        var mirror = Assert.Single(result.MirrorSet.Services);
        Assert.Equal(["10.0.0.8", "10.0.0.9"], mirror.Endpoints.Subsets!.Single().Addresses!.Select(a => a.Ip));
        Assert.Contains(cloud.Server.Requests.All, r => r.PathAndQuery.StartsWith("/regionone/public/network/v2.0/lbaas/pools/", StringComparison.Ordinal));
        Assert.DoesNotContain(cloud.Server.Requests.All, r => r.PathAndQuery.Contains("load-balancer", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_catalog_endpoint_follows_region_and_interface()
    {
        await using var cloud = await OpenStackTestCloud.StartAsync(new FakeOpenStackOptions { Regions = ["RegionOne", "RegionTwo"] });
        cloud.SeedProject("team-a", 80, "10.0.0.1");
        var (discoverer, _) = cloud.Discoverer(cloud.Options(cloud.PasswordCredentials(region: "RegionTwo", endpointInterface: "internal")));

        var result = await discoverer.ReadAsync(CancellationToken.None);

        Assert.Single(result.MirrorSet.Services);
        var lists = cloud.Server.Requests.All.Where(r => r.PathAndQuery.Contains("/lbaas/", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(lists);
        Assert.All(lists, r => Assert.StartsWith("/regiontwo/internal/load-balancer/", r.PathAndQuery, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_catalog_without_a_load_balancing_service_fails_the_read()
    {
        await using var cloud = await OpenStackTestCloud.StartAsync(new FakeOpenStackOptions { OfferOctavia = false, OfferNeutron = false });
        var (discoverer, _) = cloud.Discoverer();

        var result = await discoverer.ReadAsync(CancellationToken.None);

        Assert.False(result.MirrorSet.Complete);
        Assert.Contains("load-balancer", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_region_the_catalog_does_not_have_fails_the_read()
    {
        await using var cloud = await OpenStackTestCloud.StartAsync();
        var (discoverer, _) = cloud.Discoverer(cloud.Options(cloud.PasswordCredentials(region: "Elsewhere")));

        var result = await discoverer.ReadAsync(CancellationToken.None);

        Assert.False(result.MirrorSet.Complete);
        Assert.Contains("Elsewhere", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Pagination_links_are_followed_for_every_collection(bool octavia)
    {
        await using var cloud = await OpenStackTestCloud.StartAsync(new FakeOpenStackOptions { PageSize = 2, OfferOctavia = octavia });
        var projectId = cloud.Server.AddProject("team-a");
        for (var i = 0; i < 5; i++)
        {
            cloud.SeedLoadBalancer(projectId, $"lb{i}", 80 + i, "10.0.1.1", "10.0.1.2", "10.0.1.3");
        }

        var (discoverer, _) = cloud.Discoverer();
        var result = await discoverer.ReadAsync(CancellationToken.None);

        Assert.True(result.MirrorSet.Complete);
        Assert.Equal(5, result.MirrorSet.Services.Count);
        Assert.All(result.MirrorSet.Services, s => Assert.Equal(3, s.Endpoints.Subsets!.Single().Addresses!.Count));
        Assert.Equal(3, cloud.Server.Requests.Count(r => r.PathAndQuery.Contains("/lbaas/loadbalancers", StringComparison.Ordinal) && r.PathAndQuery.Contains(projectId, StringComparison.Ordinal)));
        Assert.Contains(cloud.Server.Requests.All, r => r.PathAndQuery.Contains("/members?limit=2&marker=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_watchlist_limits_the_projects()
    {
        await using var cloud = await OpenStackTestCloud.StartAsync();
        cloud.SeedProject("team-a", 80, "10.0.0.1");
        cloud.SeedProject("team-b", 80, "10.0.0.2");
        var (discoverer, _) = cloud.Discoverer(cloud.Options(watchlist: ["team-b"]));

        var result = await discoverer.ReadAsync(CancellationToken.None);

        Assert.Equal("team-b", Assert.Single(result.MirrorSet.Services).Service.Metadata.Namespace);
    }

    [Fact]
    public async Task When_listing_all_projects_is_forbidden_the_scopable_projects_are_used()
    {
        await using var cloud = await OpenStackTestCloud.StartAsync(new FakeOpenStackOptions { ForbidProjectList = true });
        cloud.SeedProject("team-a", 80, "10.0.0.1");
        var (discoverer, _) = cloud.Discoverer();

        var result = await discoverer.ReadAsync(CancellationToken.None);

        Assert.True(result.MirrorSet.Complete);
        Assert.Equal("team-a", Assert.Single(result.MirrorSet.Services).Service.Metadata.Namespace);
        Assert.Contains(cloud.Server.Requests.All, r => r.PathAndQuery == "/identity/v3/auth/projects");
    }

    [Fact]
    public async Task A_project_that_disappears_is_no_longer_reported_and_the_set_stays_complete()
    {
        await using var cloud = await OpenStackTestCloud.StartAsync();
        cloud.SeedProject("team-a", 80, "10.0.0.1");
        cloud.SeedProject("team-b", 80, "10.0.0.2");
        var (discoverer, _) = cloud.Discoverer();
        Assert.Equal(2, (await discoverer.ReadAsync(CancellationToken.None)).MirrorSet.Services.Count);

        cloud.Server.RemoveProject("team-b");
        var result = await discoverer.ReadAsync(CancellationToken.None);

        Assert.True(result.MirrorSet.Complete);
        Assert.Empty(result.MirrorSet.IncompleteNamespaces);
        Assert.Equal("team-a", Assert.Single(result.MirrorSet.Services).Service.Metadata.Namespace);
    }

    [Theory]
    [InlineData("/lbaas/loadbalancers", OpenStackMetrics.ErrorListLoadBalancers)]
    [InlineData("/lbaas/listeners", OpenStackMetrics.ErrorListListeners)]
    [InlineData("/lbaas/pools?", OpenStackMetrics.ErrorListPools)]
    [InlineData("/members", OpenStackMetrics.ErrorListMembers)]
    public async Task An_API_failing_mid_cycle_marks_only_that_project_incomplete(string path, string errorType)
    {
        await using var cloud = await OpenStackTestCloud.StartAsync();
        var (teamA, _, _, _) = cloud.SeedProject("team-a", 80, "10.0.0.1");
        cloud.SeedProject("team-b", 80, "10.0.0.2");
        var (discoverer, _) = cloud.Discoverer();

        // Fails for team-a only: its id is in the query, or (members) the fault is taken by its pool, read first.
        cloud.Server.Faults.Fail(path.EndsWith('?') ? path + "project_id=" + teamA : path.Contains("members", StringComparison.Ordinal) ? path : path + "?project_id=" + teamA, 503, times: 1);
        var result = await discoverer.ReadAsync(CancellationToken.None);

        Assert.True(result.MirrorSet.Complete);
        var error = Assert.Single(result.Errors);
        Assert.Equal(errorType, error.ErrorType);
        Assert.Equal("team-a", error.Project);
        Assert.Contains("injected failure 503", error.Message, StringComparison.Ordinal);
        Assert.Equal(["team-a"], result.MirrorSet.IncompleteNamespaces);
        Assert.Equal("team-b", Assert.Single(result.MirrorSet.Services).Service.Metadata.Namespace);
    }

    [Fact]
    public async Task A_call_slower_than_the_HTTP_client_timeout_fails_only_its_project()
    {
        await using var cloud = await OpenStackTestCloud.StartAsync();
        var (teamA, _, _, _) = cloud.SeedProject("team-a", 80, "10.0.0.1");
        cloud.SeedProject("team-b", 80, "10.0.0.2");
        var (discoverer, _) = cloud.Discoverer(cloud.Options() with { HttpClientTimeout = TimeSpan.FromSeconds(8) });
        Assert.Equal(2, (await discoverer.ReadAsync(CancellationToken.None)).MirrorSet.Services.Count);

        cloud.Server.Faults.Delay("/lbaas/listeners?project_id=" + teamA, TimeSpan.FromMinutes(5), times: 1);
        var result = await discoverer.ReadAsync(CancellationToken.None);

        var error = Assert.Single(result.Errors);
        Assert.Equal((OpenStackMetrics.ErrorListListeners, "team-a"), (error.ErrorType, error.Project));
        Assert.Equal(["team-a"], result.MirrorSet.IncompleteNamespaces);
        Assert.Equal("team-b", Assert.Single(result.MirrorSet.Services).Service.Metadata.Namespace);
    }

    [Fact]
    public async Task Failing_to_list_projects_makes_the_whole_set_incomplete()
    {
        await using var cloud = await OpenStackTestCloud.StartAsync();
        cloud.SeedProject("team-a", 80, "10.0.0.1");
        var (discoverer, _) = cloud.Discoverer();
        cloud.Server.Faults.Fail("/identity/v3/projects", 500, times: 1);

        var result = await discoverer.ReadAsync(CancellationToken.None);

        Assert.False(result.MirrorSet.Complete);
        Assert.Equal(OpenStackMetrics.ErrorListProjects, Assert.Single(result.Errors).ErrorType);
    }

    [Fact]
    public async Task Member_state_changes_move_addresses_between_ready_and_not_ready()
    {
        await using var cloud = await OpenStackTestCloud.StartAsync();
        var (_, _, _, members) = cloud.SeedProject("team-a", 80, "10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4");
        var (discoverer, _) = cloud.Discoverer();

        cloud.Server.UpdateMember(members[0], adminStateUp: false);
        cloud.Server.UpdateMember(members[1], operatingStatus: "ERROR");
        cloud.Server.UpdateMember(members[2], operatingStatus: "OFFLINE");
        var subset = (await discoverer.ReadAsync(CancellationToken.None)).MirrorSet.Services.Single().Endpoints.Subsets!.Single();
        Assert.Equal(["10.0.0.4"], subset.Addresses!.Select(a => a.Ip));
        Assert.Equal(["10.0.0.1", "10.0.0.2", "10.0.0.3"], subset.NotReadyAddresses!.Select(a => a.Ip));

        cloud.Server.UpdateMember(members[0], adminStateUp: true);
        cloud.Server.UpdateMember(members[1], operatingStatus: "ONLINE");
        cloud.Server.UpdateMember(members[2], operatingStatus: "NO_MONITOR", weight: 5);
        var mirror = (await discoverer.ReadAsync(CancellationToken.None)).MirrorSet.Services.Single();
        subset = mirror.Endpoints.Subsets!.Single();
        Assert.Equal(["10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4"], subset.Addresses!.Select(a => a.Ip));
        Assert.Null(subset.NotReadyAddresses);
        Assert.Equal("10.0.0.1:8080=1,10.0.0.2:8080=1,10.0.0.3:8080=5,10.0.0.4:8080=1", mirror.Endpoints.Metadata.Annotations![OpenStackLabels.MemberWeights]);

        cloud.Server.RemoveMember(members[3]);
        subset = (await discoverer.ReadAsync(CancellationToken.None)).MirrorSet.Services.Single().Endpoints.Subsets!.Single();
        Assert.Equal(["10.0.0.1", "10.0.0.2", "10.0.0.3"], subset.Addresses!.Select(a => a.Ip));
    }
}
