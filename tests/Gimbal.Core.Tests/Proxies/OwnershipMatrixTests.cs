using Gimbal.Core.Compilation;
using Gimbal.Core.Diagnostics;
using Gimbal.Core.Kubernetes;
using Gimbal.Core.Routing;
using Gimbal.Core.Tests.Support;
using static Gimbal.Core.Tests.Proxies.ProxyObjects;

namespace Gimbal.Core.Tests.Proxies;

/// <summary>
/// Team A cannot claim, include or reach team B's host by any object. Team B owns its host with an
/// Ingress or a root HTTPProxy (exact or wildcard); team A attacks with every kind of object, newer
/// than B's (no host policy needed) or older (the namespace → domain policy stops it).
/// </summary>
public sealed class OwnershipMatrixTests
{
    private const string VictimHost = "shop.b.example.com";
    private static readonly DateTimeOffset Old = TestObjects.Epoch;
    private static readonly DateTimeOffset New = TestObjects.Epoch.AddDays(30);
    private static readonly DateTimeOffset Older = TestObjects.Epoch.AddDays(-30);

    private static readonly Dictionary<string, IReadOnlyList<string>> Policy = new()
    {
        ["team-a"] = ["*.a.example.com"],
        ["team-b"] = ["*.b.example.com"],
    };

    public enum Owner
    {
        Ingress,
        RootProxy,
        WildcardRootProxy,
        WildcardIngress,
    }

    public enum Attack
    {
        Ingress,
        RootProxy,
        WildcardIngress,
        WildcardRootProxy,
        OrphanProxyWithRoutesForTheHost,
        RootIncludingVictimRoot,
        ServiceOfOtherNamespace,
    }

    public static TheoryData<Owner, Attack, bool> Matrix()
    {
        var data = new TheoryData<Owner, Attack, bool>();
        foreach (var owner in Enum.GetValues<Owner>())
        {
            foreach (var attack in Enum.GetValues<Attack>())
            {
                data.Add(owner, attack, false);
                data.Add(owner, attack, true);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public void TeamACannotTakeOrReachTeamBsHost(Owner owner, Attack attack, bool attackerIsOlder)
    {
        var victim = Victim(owner);
        var attacker = Attacker(attack, attackerIsOlder ? Older : New);
        var snapshot = new ResourceSnapshot
        {
            Services = [TestObjects.Service("team-a", "web"), TestObjects.Service("team-b", "web")],
            Ingresses = [.. victim.OfType<Ingress>(), .. attacker.OfType<Ingress>()],
            HttpProxies = [.. victim.OfType<Kubernetes.Contour.HttpProxy>(), .. attacker.OfType<Kubernetes.Contour.HttpProxy>()],
        };

        // Without a policy the oldest claim wins by design, so older attackers are only stopped by the
        // policy; so are duplicate roots, which Contour's rule makes both invalid (see the test below).
        var duplicateRoot = (owner, attack) is (Owner.RootProxy, Attack.RootProxy) or (Owner.WildcardRootProxy, Attack.WildcardRootProxy);
        var options = attackerIsOlder || duplicateRoot ? new CompilerOptions { AllowedHosts = Policy } : CompilerOptions.Default;
        var result = new RouteCompiler(options).Compile(snapshot);
        var matcher = new RequestMatcher(result.Routes);

        foreach (var path in new[] { "/", "/attack", "/attack/x" })
        {
            var answer = matcher.Match(new RouteRequest { Host = VictimHost, Path = path });
            Assert.NotNull(answer.Route);
            Assert.Equal("team-b", answer.Route.Source.Namespace);
            Assert.All(answer.Clusters, c => Assert.StartsWith("team-b/", c.ClusterName, StringComparison.Ordinal));
        }

        Assert.DoesNotContain(result.Diagnostics, d => d.Object.Namespace == "team-b" && d.Severity == DiagnosticSeverity.Error);

        // Whatever team A got, it is never routed to team B's Services.
        Assert.DoesNotContain(result.Routes.VirtualHosts.SelectMany(v => v.Routes), r => r.Source.Namespace == "team-a"
            && r.Action.Forward is { } f && f.Clusters.Any(c => !c.ClusterName.StartsWith("team-a/", StringComparison.Ordinal)));
    }

    [Fact]
    public void NewerDuplicateRootFollowsContourAndServesNeitherRoot()
    {
        // Contour's rule for roots: documented here because it is the one way a newer object affects
        // another team's host, which is why production deployments set a host policy.
        var snapshot = new ResourceSnapshot
        {
            Services = [TestObjects.Service("team-a", "web"), TestObjects.Service("team-b", "web")],
            HttpProxies = [Root("team-b", "shop", VictimHost, Old), Root("team-a", "dup", VictimHost, New)],
        };

        var result = new RouteCompiler().Compile(snapshot);

        Assert.DoesNotContain(result.Routes.VirtualHosts, v => v.Name == VictimHost);
        Assert.Equal(2, result.Diagnostics.Count(d => d.Code == "DuplicateVhost"));

        var guarded = new RouteCompiler(new CompilerOptions { AllowedHosts = Policy }).Compile(snapshot);
        Assert.Contains(guarded.Routes.VirtualHosts, v => v.Name == VictimHost);
    }

    private static KubernetesObject[] Victim(Owner owner) => owner switch
    {
        Owner.Ingress => [TestObjects.Ingress("team-b", "shop", (VictimHost, "/", "web", 80)) with { Metadata = Meta("team-b", "shop", Old) }],
        Owner.RootProxy => [Root("team-b", "shop", VictimHost, Old)],
        Owner.WildcardRootProxy => [Root("team-b", "shop", "*.b.example.com", Old)],
        _ => [TestObjects.Ingress("team-b", "shop", ("*.b.example.com", "/", "web", 80)) with { Metadata = Meta("team-b", "shop", Old) }],
    };

    private static KubernetesObject[] Attacker(Attack attack, DateTimeOffset created) => attack switch
    {
        Attack.Ingress => [TestObjects.Ingress("team-a", "attack", (VictimHost, "/attack", "web", 80)) with { Metadata = Meta("team-a", "attack", created) }],
        Attack.WildcardIngress => [TestObjects.Ingress("team-a", "attack", ("*.b.example.com", "/attack", "web", 80)) with { Metadata = Meta("team-a", "attack", created) }],
        Attack.RootProxy => [Root("team-a", "attack", VictimHost, created, prefix: "/attack")],
        Attack.WildcardRootProxy => [Root("team-a", "attack", "*.b.example.com", created, prefix: "/attack")],
        Attack.OrphanProxyWithRoutesForTheHost => [Child("team-a", "attack", prefix: "/attack")],
        Attack.RootIncludingVictimRoot =>
            [Proxy("team-a", "attack", created, "attack.a.example.com", [Route("web")], Include("team-b", "shop", "/attack"))],
        _ => [Proxy("team-a", "attack", created, "attack.a.example.com", [new Kubernetes.Contour.ProxyRoute
        {
            Conditions = [new Kubernetes.Contour.MatchCondition { Prefix = "/attack" }],
            Services = [new Kubernetes.Contour.ProxyService { Name = "team-b/web", Port = 80 }],
        }])],
    };

    private static ObjectMeta Meta(string ns, string name, DateTimeOffset created) => new() { Namespace = ns, Name = name, CreationTimestamp = created };
}
