using Gimbal.Core.Routing;
using Gimbal.Xds.Tests.Validation;
using Gimbal.Xds.Translation;
using Google.Protobuf;

namespace Gimbal.Xds.Tests.Translation;

public sealed class TranslationTests
{
    public static TheoryData<ResourceFlavor> Flavors => new() { ResourceFlavor.Envoy, ResourceFlavor.Grpc };

    [Theory]
    [MemberData(nameof(Flavors))]
    public void Every_emitted_resource_passes_envoys_validation_rules(ResourceFlavor flavor)
    {
        var resources = new EnvoyTranslator().Translate(SampleTables.Rich(), SampleTables.RichEndpoints(), flavor);
        IEnumerable<IMessage> all = [.. resources.Clusters, .. resources.Endpoints, .. resources.Secrets, .. resources.Listeners, .. resources.Routes];

        var errors = all.SelectMany(PgvValidator.Validate).ToList();

        Assert.True(errors.Count == 0, string.Join("\n", errors));
        Assert.NotEmpty(all);
    }

    [Fact]
    public void Validator_reports_rule_violations()
    {
        var cluster = new Envoy.Config.Cluster.V3.Cluster
        {
            Name = string.Empty,
            ConnectTimeout = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromSeconds(-1)),
            LbPolicy = (Envoy.Config.Cluster.V3.Cluster.Types.LbPolicy)99,
        };
        cluster.HealthChecks.Add(new Envoy.Config.Core.V3.HealthCheck());

        var errors = PgvValidator.Validate(cluster);

        Assert.Contains(errors, e => e.StartsWith("Cluster.name:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Cluster.connect_timeout:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Cluster.lb_policy:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Cluster.health_checks[0].timeout: required", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("oneof health_checker is required", StringComparison.Ordinal));
    }

    [Fact]
    public void Translation_is_deterministic()
    {
        var translator = new EnvoyTranslator();
        var first = translator.Translate(SampleTables.Rich(), SampleTables.RichEndpoints());
        var second = translator.Translate(SampleTables.Rich(), SampleTables.RichEndpoints());

        Assert.Equal(GoldenTests.Render(first), GoldenTests.Render(second));
        Assert.Equal(first.Listeners.Select(l => l.ToByteString()), second.Listeners.Select(l => l.ToByteString()));
    }

    [Fact]
    public void Private_keys_never_appear_in_debug_output_but_reach_the_proxy()
    {
        var resources = new EnvoyTranslator().Translate(SampleTables.Rich(), SampleTables.RichEndpoints());
        var secret = Assert.Single(resources.Secrets);

        Assert.DoesNotContain("SECRETKEYMATERIAL", EnvoyJson.Format(secret), StringComparison.Ordinal);
        Assert.DoesNotContain("SECRETKEYMATERIAL", GoldenTests.Render(resources), StringComparison.Ordinal);
        Assert.Contains("SECRETKEYMATERIAL", secret.TlsCertificate.PrivateKey.InlineString, StringComparison.Ordinal);
    }

    [Fact]
    public void Https_listener_has_one_sni_chain_per_tls_host_and_routes_per_host()
    {
        var resources = new EnvoyTranslator().Translate(SampleTables.Rich(), SampleTables.RichEndpoints());

        var https = Assert.Single(resources.Listeners, l => l.Name == "ingress_https");
        var chain = Assert.Single(https.FilterChains);
        Assert.Equal(["shop.example.com"], chain.FilterChainMatch.ServerNames);
        Assert.Equal("envoy.filters.listener.tls_inspector", Assert.Single(https.ListenerFilters).Name);
        Assert.Equal(["https/shop.example.com", "ingress_http"], resources.Routes.Select(r => r.Name));

        // Plain HTTP: the denied /api route is gone, "/" redirects to https.
        var insecureShop = resources.Routes.Single(r => r.Name == "ingress_http").VirtualHosts.Single(v => v.Name == "shop.example.com");
        Assert.Equal(3, insecureShop.Routes.Count);
        Assert.True(insecureShop.Routes[^1].Redirect.HttpsRedirect);
    }

    [Fact]
    public void Grpc_flavor_has_an_api_listener_per_exact_host()
    {
        var resources = new EnvoyTranslator().Translate(SampleTables.Rich(), SampleTables.RichEndpoints(), ResourceFlavor.Grpc);

        Assert.Equal(["greeter.example.com", "shop.example.com"], resources.Listeners.Select(l => l.Name));
        Assert.All(resources.Listeners, l => Assert.NotNull(l.ApiListener));
        Assert.All(resources.Listeners, l => Assert.Empty(l.ListenerFilters));
        Assert.All(resources.Clusters, c => Assert.Contains(c.LbPolicy, new[] { Envoy.Config.Cluster.V3.Cluster.Types.LbPolicy.RoundRobin, Envoy.Config.Cluster.V3.Cluster.Types.LbPolicy.RingHash }));
        Assert.Empty(resources.Secrets);
    }

    [Fact]
    public void Endpoints_are_grouped_by_locality_with_weights()
    {
        var assignment = new EnvoyTranslator().TranslateEndpoints(SampleTables.Rich(), SampleTables.RichEndpoints())
            .Single(a => a.ClusterName == "team-a/web/80");

        Assert.Equal(["cluster-east", "cluster-west"], assignment.Endpoints.Select(l => l.Locality.Region));
        Assert.Equal(1u, assignment.Endpoints[0].LoadBalancingWeight);
        Assert.Equal(3u, assignment.Endpoints[1].LoadBalancingWeight);
        Assert.Equal(Envoy.Config.Core.V3.HealthStatus.Unhealthy, assignment.Endpoints[0].LbEndpoints[1].HealthStatus);
    }
}
