using System.Text.Json;
using Envoy.Config.Listener.V3;
using Envoy.Config.Route.V3;
using Envoy.Extensions.TransportSockets.Tls.V3;
using Gimbal.Core.Compilation;
using Gimbal.Kubernetes.Manifests;
using Gimbal.Xds.Tests.Translation;
using Gimbal.Xds.Tests.Validation;
using Gimbal.Xds.Translation;
using Google.Protobuf;
using EnvoyTcpProxy = Envoy.Extensions.Filters.Network.TcpProxy.V3.TcpProxy;

namespace Gimbal.Xds.Tests.Proxies;

/// <summary>
/// The HTTPProxy feature inputs of Core's golden cases (tcpproxy, mirror, per-service headers, negated
/// headers, redirect prefix, fallback certificate), compiled and translated: valid for Envoy, equal to
/// the reviewed Envoy JSON under Golden/proxies, and each feature where Envoy expects it.
/// </summary>
public sealed class ProxyFeatureTranslationTests
{
    private static readonly string[] Inputs =
    [
        "proxy-tcpproxy-passthrough", "proxy-tcpproxy-terminated", "proxy-mirror", "proxy-service-headers",
        "proxy-header-negation", "proxy-redirect-prefix", "proxy-fallback-certificate",
    ];

    public static TheoryData<string> Cases() => new(Inputs);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_resource_passes_envoys_validation_rules_in_both_flavors(string input)
    {
        var result = Compile(input);
        foreach (var flavor in new[] { ResourceFlavor.Envoy, ResourceFlavor.Grpc })
        {
            var resources = new EnvoyTranslator().Translate(result.Routes, result.Endpoints, flavor);
            IEnumerable<IMessage> all = [.. resources.Clusters, .. resources.Endpoints, .. resources.Secrets, .. resources.Listeners, .. resources.Routes];
            var errors = all.SelectMany(PgvValidator.Validate).ToList();
            Assert.True(errors.Count == 0, $"{flavor}: " + string.Join("\n", errors));
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Translates_to_the_golden_envoy_json(string input)
    {
        var actual = GoldenTests.Render(Translate(input));
        var path = Path.Combine(TestPaths.GoldenDir, "proxies", input + ".envoy.json");
        if (Environment.GetEnvironmentVariable("GIMBAL_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(path, actual);
        }

        Assert.True(File.Exists(path), $"golden file {path} is missing; run with GIMBAL_UPDATE_GOLDEN=1 and review it");
        Assert.Equal(File.ReadAllText(path).ReplaceLineEndings("\n"), actual.ReplaceLineEndings("\n"));
        Assert.DoesNotContain("PRIVATE KEY-----\nMIG", actual, StringComparison.Ordinal);
    }

    [Fact]
    public void Passthrough_is_an_sni_chain_without_tls_that_proxies_tcp_to_weighted_clusters()
    {
        var https = Https(Translate("proxy-tcpproxy-passthrough"));
        var chain = https.FilterChains.Single(c => c.FilterChainMatch?.ServerNames.Contains("pass.example.com") == true);
        Assert.Null(chain.TransportSocket);
        var proxy = TcpProxyOf(chain);
        Assert.Equal([("team-a/db-canary/80", 10u), ("team-a/db/80/64e40011", 90u)], proxy.WeightedClusters.Clusters.Select(c => (c.Name, c.Weight)));

        var included = TcpProxyOf(https.FilterChains.Single(c => c.FilterChainMatch?.ServerNames.Contains("inc.example.com") == true));
        Assert.Equal("team-b/tcp/80", included.Cluster);
        Assert.DoesNotContain(https.FilterChains, c => c.FilterChainMatch?.ServerNames.Contains("with-secret.example.com") == true);
        Assert.All(https.FilterChains, c => Assert.Equal("envoy.filters.network.tcp_proxy", c.Filters.Single().Name));
    }

    [Fact]
    public void Passthrough_hosts_redirect_plain_http_unless_permit_insecure_and_get_no_https_route_config()
    {
        var resources = Translate("proxy-tcpproxy-passthrough");
        Assert.DoesNotContain(resources.Routes, r => r.Name.StartsWith("https/", StringComparison.Ordinal));
        var host = resources.Routes.Single(r => r.Name == "ingress_http").VirtualHosts.Single(v => v.Name == "pass.example.com");
        Assert.True(host.Routes.Single(r => r.Match.Prefix == "/").Redirect.HttpsRedirect);
        Assert.Equal("team-a/web/80", host.Routes.Single(r => r.Match.PathSeparatedPrefix == "/.well-known/acme-challenge").Route_.Cluster);
    }

    [Fact]
    public void Terminated_is_an_sni_chain_with_the_hosts_certificate_then_tcp_proxy()
    {
        var resources = Translate("proxy-tcpproxy-terminated");
        var chain = Https(resources).FilterChains.Single(c => c.FilterChainMatch?.ServerNames.Contains("tcp.example.com") == true);
        var tls = chain.TransportSocket.TypedConfig.Unpack<DownstreamTlsContext>();
        Assert.Equal("team-a/own-tls", tls.CommonTlsContext.TlsCertificateSdsSecretConfigs.Single().Name);
        Assert.Equal(TlsParameters.Types.TlsProtocol.Tlsv13, tls.CommonTlsContext.TlsParams.TlsMinimumProtocolVersion);
        Assert.Empty(tls.CommonTlsContext.AlpnProtocols);
        Assert.Equal([("team-a/app-v2/8443", 1u), ("team-a/app/80", 3u)], TcpProxyOf(chain).WeightedClusters.Clusters.Select(c => (c.Name, c.Weight)));
        Assert.Contains(resources.Secrets, s => s.Name == "team-a/own-tls");

        // Plain HTTP: redirect to https, except the permitInsecure route.
        var insecure = resources.Routes.Single(r => r.Name == "ingress_http").VirtualHosts.Single(v => v.Name == "tcp.example.com");
        Assert.True(insecure.Routes.Single(r => r.Match.Prefix == "/").Redirect.HttpsRedirect);
        Assert.Equal("team-a/web/80", insecure.Routes.Single(r => r.Match.PathSeparatedPrefix == "/.well-known").Route_.Cluster);
        Assert.DoesNotContain(resources.Routes, r => r.Name == "https/tcp.example.com");
    }

    [Fact]
    public void Mirrors_become_request_mirror_policies_with_their_share()
    {
        var host = Host(Translate("proxy-mirror"), "ingress_http", "mirror.example.com");
        var all = host.Routes.Single(r => r.Match.Prefix == "/").Route_;
        Assert.Equal("team-a/web/80", all.Cluster);
        var mirror = all.RequestMirrorPolicies.Single();
        Assert.Equal("team-a/shadow/80", mirror.Cluster);
        Assert.Null(mirror.RuntimeFraction);

        var sampled = host.Routes.Single(r => r.Match.PathSeparatedPrefix == "/sampled").Route_;
        Assert.Equal(2, sampled.WeightedClusters.Clusters.Count);
        Assert.Equal(5u, sampled.RequestMirrorPolicies.Single().RuntimeFraction.DefaultValue.Numerator);
        Assert.Empty(host.Routes.Single(r => r.Match.PathSeparatedPrefix == "/too-much").Route_.RequestMirrorPolicies);
    }

    [Fact]
    public void Service_header_policies_sit_on_their_weighted_cluster_and_win_over_the_routes()
    {
        var resources = Translate("proxy-service-headers");
        var configuration = resources.Routes.Single(r => r.Name == "ingress_http");
        Assert.True(configuration.MostSpecificHeaderMutationsWins);
        var host = configuration.VirtualHosts.Single(v => v.Name == "headers.example.com");

        var route = host.Routes.Single(r => r.Match.Prefix == "/");
        Assert.Contains(route.RequestHeadersToAdd, h => h.Header.Key == "X-Route");
        var blue = route.Route_.WeightedClusters.Clusters.Single(c => c.Name == "team-a/blue/80");
        Assert.Equal(["Host", "X-Color"], blue.RequestHeadersToAdd.Select(h => h.Header.Key));
        Assert.Equal(["X-Debug"], blue.RequestHeadersToRemove);
        Assert.Equal("blue", blue.ResponseHeadersToAdd.Single().Header.Value);
        Assert.Equal("green", route.Route_.WeightedClusters.Clusters.Single(c => c.Name == "team-a/green/80").ResponseHeadersToAdd.Single().Header.Value);

        // One Service with two policies: two entries; one cluster with a policy still uses weighted_clusters.
        var split = host.Routes.Single(r => r.Match.PathSeparatedPrefix == "/split").Route_.WeightedClusters.Clusters;
        Assert.Equal([("a", 1u), ("b", 3u)], split.Select(c => (c.RequestHeadersToAdd.Single().Header.Value, c.Weight)));
        Assert.Equal("X-Ok", host.Routes.Single(r => r.Match.PathSeparatedPrefix == "/invalid").Route_.WeightedClusters.Clusters.Single().RequestHeadersToAdd.Single().Header.Key);
    }

    [Fact]
    public void Route_configs_without_service_headers_keep_envoys_default_header_order()
    {
        Assert.All(Translate("proxy-mirror").Routes, r => Assert.False(r.MostSpecificHeaderMutationsWins));
    }

    [Fact]
    public void Negated_header_conditions_are_inverted_string_matches()
    {
        var host = Host(Translate("proxy-header-negation"), "ingress_http", "negation.example.com");
        var beta = host.Routes.Single(r => r.Route_?.Cluster == "team-a/beta/80");
        var env = beta.Match.Headers.Single();
        Assert.Equal(("x-env", "prod", true), (env.Name, env.StringMatch.Exact, env.InvertMatch));

        var api = host.Routes.Single(r => r.Route_?.Cluster == "team-b/api/80");
        Assert.Contains(api.Match.Headers, h => h.Name == "x-tenant" && h.StringMatch.Contains == "internal" && h.InvertMatch);
        Assert.Contains(api.Match.Headers, h => h.Name == "x-version" && h.StringMatch.Exact == "v1" && h.InvertMatch);
        var app = host.Routes.Single(r => r.Match.PathSeparatedPrefix == "/app");
        Assert.Contains(app.Match.Headers, h => h.Name == "x-env" && h.StringMatch.Exact == "prod" && !h.InvertMatch);
    }

    [Fact]
    public void Redirect_prefixes_become_prefix_rewrite()
    {
        var host = Host(Translate("proxy-redirect-prefix"), "ingress_http", "redirect.example.com");
        var old = host.Routes.Single(r => r.Match.PathSeparatedPrefix == "/old").Redirect;
        Assert.Equal(("/new", "new.example.com", RedirectAction.Types.RedirectResponseCode.MovedPermanently), (old.PrefixRewrite, old.HostRedirect, old.ResponseCode));
        Assert.Equal(string.Empty, old.PathRedirect);
        Assert.Equal("/v2/", host.Routes.Single(r => r.Match.Prefix == "/").Redirect.PrefixRewrite);
        Assert.Equal("/moved", host.Routes.Single(r => r.Match.Path == "/exact").Redirect.PathRedirect);
        Assert.DoesNotContain(host.Routes, r => r.Match.PathSeparatedPrefix is "/both" or "/relative");
    }

    [Fact]
    public void Fallback_certificate_is_a_chain_without_server_names_serving_only_the_hosts_that_opted_in()
    {
        var resources = Translate("proxy-fallback-certificate");
        var chain = Https(resources).FilterChains.Single(c => c.FilterChainMatch?.ServerNames.Count is null or 0);
        Assert.Equal("tls", chain.FilterChainMatch.TransportProtocol);
        var tls = chain.TransportSocket.TypedConfig.Unpack<DownstreamTlsContext>();
        Assert.Equal("certs/fallback", tls.CommonTlsContext.TlsCertificateSdsSecretConfigs.Single().Name);
        Assert.Contains(resources.Secrets, s => s.Name == "certs/fallback");

        var routes = resources.Routes.Single(r => r.Name == "ingress_fallbackcert");
        Assert.Equal(["fallback.example.com"], routes.VirtualHosts.Select(v => v.Name));
        var manager = chain.Filters.Single().TypedConfig.Unpack<Envoy.Extensions.Filters.Network.HttpConnectionManager.V3.HttpConnectionManager>();
        Assert.Equal("ingress_fallbackcert", manager.Rds.RouteConfigName);
    }

    [Fact]
    public void No_fallback_chain_without_a_host_that_opted_in()
    {
        var resources = Translate("proxy-tcpproxy-terminated");
        Assert.All(Https(resources).FilterChains, c => Assert.NotEmpty(c.FilterChainMatch.ServerNames));
        Assert.DoesNotContain(resources.Routes, r => r.Name == "ingress_fallbackcert");
    }

    [Fact]
    public void All_feature_inputs_together_make_one_consistent_https_listener()
    {
        var yaml = string.Join("\n---\n", Inputs.Select(input => File.ReadAllText(Path.Combine(InputDir(input), "input.yaml"))));
        var result = new RouteCompiler(CompilerOptions.Default with { FallbackCertificate = "certs/fallback" })
            .Compile(ManifestReader.Read(yaml, "all").ToSnapshot());
        var resources = new EnvoyTranslator().Translate(result.Routes, result.Endpoints);

        IEnumerable<IMessage> all = [.. resources.Clusters, .. resources.Endpoints, .. resources.Secrets, .. resources.Listeners, .. resources.Routes];
        Assert.Empty(all.SelectMany(PgvValidator.Validate));

        // Envoy refuses a listener with two chains of the same match, and a chain whose route configuration or secret it never receives.
        var chains = Https(resources).FilterChains;
        Assert.Equal(chains.Count, chains.Select(c => c.FilterChainMatch?.ToString() ?? string.Empty).Distinct().Count());
        Assert.Contains(chains, c => c.FilterChainMatch?.TransportProtocol == "tls");
        Assert.Contains(chains, c => c.TransportSocket is null);
        foreach (var chain in chains)
        {
            var filter = chain.Filters.Single();
            if (filter.Name == "envoy.filters.network.http_connection_manager")
            {
                var rds = filter.TypedConfig.Unpack<Envoy.Extensions.Filters.Network.HttpConnectionManager.V3.HttpConnectionManager>().Rds.RouteConfigName;
                Assert.Contains(resources.Routes, r => r.Name == rds);
            }
            else
            {
                var proxy = filter.TypedConfig.Unpack<EnvoyTcpProxy>();
                var clusters = proxy.WeightedClusters?.Clusters.Select(c => c.Name) ?? [proxy.Cluster];
                Assert.All(clusters, name => Assert.Contains(resources.Clusters, c => c.Name == name));
            }

            if (chain.TransportSocket is { } socket)
            {
                var secret = socket.TypedConfig.Unpack<DownstreamTlsContext>().CommonTlsContext.TlsCertificateSdsSecretConfigs.Single().Name;
                Assert.Contains(resources.Secrets, s => s.Name == secret);
            }
        }

        var mirrored = resources.Routes.SelectMany(r => r.VirtualHosts).SelectMany(v => v.Routes)
            .SelectMany(r => r.Route_?.RequestMirrorPolicies.Select(m => m.Cluster) ?? []);
        Assert.All(mirrored, name => Assert.Contains(resources.Clusters, c => c.Name == name));
    }

    private static EnvoyTcpProxy TcpProxyOf(FilterChain chain) => chain.Filters.Single(f => f.Name == "envoy.filters.network.tcp_proxy").TypedConfig.Unpack<EnvoyTcpProxy>();

    private static Listener Https(EnvoyResources resources) => resources.Listeners.Single(l => l.Name == "ingress_https");

    private static VirtualHost Host(EnvoyResources resources, string configuration, string name) =>
        resources.Routes.Single(r => r.Name == configuration).VirtualHosts.Single(v => v.Name == name);

    private static string InputDir(string input) => Path.Combine(TestPaths.GoldenDir, "..", "..", "Gimbal.Core.Tests", "testdata", input);

    private static EnvoyResources Translate(string input)
    {
        var result = Compile(input);
        return new EnvoyTranslator().Translate(result.Routes, result.Endpoints);
    }

    private static CompileResult Compile(string input)
    {
        var dir = InputDir(input);
        var optionsPath = Path.Combine(dir, "options.json");
        var options = File.Exists(optionsPath)
            ? JsonSerializer.Deserialize<CompilerOptions>(File.ReadAllText(optionsPath), JsonSerializerOptions.Web) ?? CompilerOptions.Default
            : CompilerOptions.Default;
        return new RouteCompiler(options).Compile(ManifestReader.Read(File.ReadAllText(Path.Combine(dir, "input.yaml")), input).ToSnapshot());
    }
}
