using System.Diagnostics.Metrics;
using Gimbal.Discovery.Metrics;
using Gimbal.Discovery.OpenStack;
using Gimbal.Testing.OpenStack;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Gimbal.Discovery.Tests.OpenStack;

public sealed class ConnectionTests
{
    [Fact]
    public async Task The_certificate_authority_file_is_what_makes_the_endpoints_trusted()
    {
        var (authority, serverCertificate) = TestCertificates.Create();
        using var _ = authority;
        using var __ = serverCertificate;
        var caFile = Path.Combine(Path.GetTempPath(), $"gimbal-openstack-ca-{Guid.NewGuid():N}.pem");
        await File.WriteAllTextAsync(caFile, authority.ExportCertificatePem());
        try
        {
            await using var cloud = await OpenStackTestCloud.StartAsync(new FakeOpenStackOptions { ServerCertificate = serverCertificate });
            cloud.SeedProject("team-a", 443, "10.0.0.1");
            Assert.Equal("https", cloud.Server.Url.Scheme);

            var (untrusting, _) = cloud.Discoverer();
            var refused = await untrusting.ReadAsync(CancellationToken.None);
            Assert.False(refused.MirrorSet.Complete);
            Assert.Equal(OpenStackMetrics.ErrorAuthenticate, Assert.Single(refused.Errors).ErrorType);

            var (trusting, _) = cloud.Discoverer(cloud.Options() with { CertificateAuthorityFile = caFile });
            var result = await trusting.ReadAsync(CancellationToken.None);
            Assert.True(result.MirrorSet.Complete);
            Assert.Single(result.MirrorSet.Services);
        }
        finally
        {
            File.Delete(caFile);
        }
    }

    [Fact]
    public async Task Health_follows_Keystone_reachability()
    {
        var cloud = await OpenStackTestCloud.StartAsync();
        var (_, connection) = cloud.Discoverer();
        var check = new KeystoneHealthCheck(connection);

        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(new HealthCheckContext())).Status);

        cloud.Server.Faults.Fail("/identity/v3", 503, times: 1);
        Assert.Equal(HealthStatus.Unhealthy, (await check.CheckHealthAsync(new HealthCheckContext())).Status);

        await cloud.Server.DisposeAsync();
        var down = await check.CheckHealthAsync(new HealthCheckContext());
        Assert.Equal(HealthStatus.Unhealthy, down.Status);
        Assert.Contains("unreachable", down.Description, StringComparison.Ordinal);
        await cloud.DisposeAsync();
    }

    [Fact]
    public async Task Errors_and_API_latency_are_recorded_with_their_labels()
    {
        await using var cloud = await OpenStackTestCloud.StartAsync();
        var (teamA, _, _, _) = cloud.SeedProject("team-a", 80, "10.0.0.1");
        cloud.Server.AddLoadBalancer(teamA, "no-listeners");
        var (discoverer, _) = cloud.Discoverer();
        var errors = new List<(string Name, string? ErrorType, string? BackendType)>();
        var paths = new HashSet<string>(StringComparer.Ordinal);
        var invalid = new Dictionary<string, double>(StringComparer.Ordinal);
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, cloud.MeterFactory) && instrument.Name is DiscovererMetrics.DiscovererErrorTotal or DiscovererMetrics.ApiLatencyMilliseconds or DiscovererMetrics.InvalidServicesTotal)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, _, tags, _) =>
        {
            lock (errors)
            {
                errors.Add((instrument.Name, Tag(tags, "errortype"), Tag(tags, "backendtype")));
            }
        });
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
        {
            lock (paths)
            {
                if (instrument.Name == DiscovererMetrics.InvalidServicesTotal)
                {
                    invalid[Tag(tags, "namespace") ?? string.Empty] = value;
                }
                else
                {
                    paths.Add(Tag(tags, "path") ?? string.Empty);
                }
            }
        });
        listener.Start();

        cloud.Server.Faults.Fail("/lbaas/pools?project_id=" + teamA, 500, times: 1);
        await discoverer.ReadAsync(CancellationToken.None);
        listener.RecordObservableInstruments();

        lock (errors)
        {
            Assert.Contains((DiscovererMetrics.DiscovererErrorTotal, (string?)OpenStackMetrics.ErrorListPools, (string?)"openstack"), errors);
        }

        await discoverer.ReadAsync(CancellationToken.None);
        listener.RecordObservableInstruments();
        lock (paths)
        {
            Assert.Contains("/v3/auth/tokens", paths);
            Assert.Contains("/v3/projects", paths);
            Assert.Contains("/v2/lbaas/loadbalancers", paths);
            Assert.Contains("/v2/lbaas/listeners", paths);
            Assert.Contains("/v2/lbaas/pools", paths);
            Assert.Contains("/v2/lbaas/pools/{pool_id}/members", paths);
            Assert.Equal(1, invalid["team-a"]);
        }
    }

    private static string? Tag(ReadOnlySpan<KeyValuePair<string, object?>> tags, string key)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == key)
            {
                return tag.Value as string;
            }
        }

        return null;
    }
}
