using Gimbal.Core.Compilation;
using Gimbal.Core.Kubernetes;
using Gimbal.Core.Kubernetes.Contour;
using Gimbal.Xds.Tests.Validation;
using Gimbal.Xds.Translation;
using Google.Protobuf;

namespace Gimbal.Xds.Tests.Proxies;

/// <summary>Route tables compiled from HTTPProxies, through the Envoy translation: valid for Envoy, and every proxy feature present.</summary>
public sealed class HttpProxyTranslationTests
{
    private static ResourceSnapshot Snapshot()
    {
        static Service Service(string name) => new()
        {
            Metadata = new ObjectMeta { Namespace = "team-a", Name = name },
            Spec = new ServiceSpec { Ports = [new ServicePort { Name = "http", Port = 80 }] },
        };

        var proxy = new HttpProxy
        {
            Metadata = new ObjectMeta { Namespace = "team-a", Name = "shop" },
            Spec = new HttpProxySpec
            {
                Virtualhost = new ProxyVirtualHost { Fqdn = "shop.example.com" },
                Routes =
                [
                    new ProxyRoute
                    {
                        Services = [new ProxyService { Name = "east-web", Port = 80, Weight = 80 }, new ProxyService { Name = "west-web", Port = 80, Weight = 20 }],
                        LoadBalancerPolicy = new ProxyLoadBalancerPolicy { Strategy = "Cookie" },
                    },
                    new ProxyRoute
                    {
                        Conditions = [new MatchCondition { Prefix = "/api" }, new MatchCondition { Header = new HeaderMatchCondition { Name = "User-Agent", Contains = "curl" } }, new MatchCondition { Header = new HeaderMatchCondition { Name = "X-Legacy", NotPresent = true } }],
                        Services = [new ProxyService { Name = "east-web", Port = 80 }],
                        PathRewritePolicy = new ProxyPathRewritePolicy { ReplacePrefix = [new ReplacePrefix { Replacement = "/v2" }] },
                        ResponseHeadersPolicy = new ProxyHeadersPolicy { Set = [new ProxyHeaderValue { Name = "X-Served-By", Value = "gimbal" }] },
                        RetryPolicy = new ProxyRetryPolicy { Count = 2, RetryOn = ["gateway-error"] },
                    },
                    new ProxyRoute
                    {
                        Conditions = [new MatchCondition { Exact = "/old" }],
                        RequestRedirectPolicy = new ProxyRedirectPolicy { Hostname = "new.example.com", StatusCode = 302 },
                    },
                ],
            },
        };
        return new ResourceSnapshot { Services = [Service("east-web"), Service("west-web")], HttpProxies = [proxy] };
    }

    [Theory]
    [InlineData(ResourceFlavor.Envoy)]
    [InlineData(ResourceFlavor.Grpc)]
    public void Compiled_proxies_pass_envoys_validation_rules(ResourceFlavor flavor)
    {
        var result = new RouteCompiler().Compile(Snapshot());
        Assert.Empty(result.Diagnostics);
        var resources = new EnvoyTranslator().Translate(result.Routes, result.Endpoints, flavor);
        IEnumerable<IMessage> all = [.. resources.Clusters, .. resources.Endpoints, .. resources.Listeners, .. resources.Routes];

        var errors = all.SelectMany(PgvValidator.Validate).ToList();

        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public void Weights_headers_rewrite_and_redirects_reach_envoy()
    {
        var result = new RouteCompiler().Compile(Snapshot());
        var resources = new EnvoyTranslator().Translate(result.Routes, result.Endpoints);
        var host = resources.Routes.SelectMany(r => r.VirtualHosts).First(v => v.Domains.Contains("shop.example.com"));

        var redirect = host.Routes.Single(r => r.Match.Path == "/old");
        Assert.Equal("new.example.com", redirect.Redirect.HostRedirect);

        var api = host.Routes.Single(r => r.Match.PathSeparatedPrefix == "/api" || r.Match.Prefix == "/api");
        Assert.Equal("/v2", api.Route_.PrefixRewrite);
        Assert.Contains(api.Match.Headers, h => h.Name == "user-agent" && h.StringMatch.Contains == "curl");
        Assert.Contains(api.Match.Headers, h => h.Name == "x-legacy" && h.PresentMatch && h.InvertMatch);
        Assert.Contains(api.ResponseHeadersToAdd, h => h.Header.Key == "X-Served-By" && h.Header.Value == "gimbal");
        Assert.Equal(2u, api.Route_.RetryPolicy.NumRetries);

        var split = host.Routes.Single(r => r.Route_?.WeightedClusters is not null && r.Route_.WeightedClusters.Clusters.Count == 2).Route_;
        Assert.Equal([80u, 20u], split.WeightedClusters.Clusters.Select(c => c.Weight));
        Assert.Contains(split.HashPolicy, h => h.Cookie?.Name == "X-Contour-Session-Affinity");
    }
}
