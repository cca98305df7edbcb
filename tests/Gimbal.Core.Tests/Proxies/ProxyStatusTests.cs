using Gimbal.Core.Compilation;
using Gimbal.Core.Kubernetes.Contour;
using Gimbal.Core.Status;
using Gimbal.Core.Tests.Support;
using static Gimbal.Core.Tests.Proxies.ProxyObjects;

namespace Gimbal.Core.Tests.Proxies;

/// <summary>Status computed from a compile, without a cluster: valid / invalid / orphaned, reasons, transitions.</summary>
public sealed class ProxyStatusTests
{
    private static readonly DateTimeOffset T0 = TestObjects.Epoch;

    private static DesiredProxyStatus StatusOf(ResourceSnapshot snapshot, string name, CompilerOptions? options = null) =>
        ProxyStatusCalculator.Compute(snapshot, new RouteCompiler(options ?? CompilerOptions.Default).Compile(snapshot), options).Single(s => s.Name == name);

    [Fact]
    public void ValidInvalidValidKeepsTransitionTimesOnlyWhileTheConditionHolds()
    {
        var services = new[] { TestObjects.Service("team-a", "web") };
        var good = new ResourceSnapshot { Services = services, HttpProxies = [Root("team-a", "shop", "shop.example.com", T0)] };
        var bad = good with { HttpProxies = [Root("team-a", "shop", "shop.example.com", T0, service: "gone")] };

        var valid = ProxyStatusCalculator.WithTransitionTimes(StatusOf(good, "shop").Status, null, T0);
        Assert.Equal(("valid", "True", T0), (valid.CurrentStatus, valid.Conditions![0].Status, valid.Conditions[0].LastTransitionTime));

        // Recomputed later: equivalent, and the transition time stays.
        var again = StatusOf(good, "shop").Status;
        Assert.True(ProxyStatusCalculator.Equivalent(valid, again));
        Assert.Equal(T0, ProxyStatusCalculator.WithTransitionTimes(again, valid, T0.AddHours(1)).Conditions![0].LastTransitionTime);

        var invalid = ProxyStatusCalculator.WithTransitionTimes(StatusOf(bad, "shop").Status, valid, T0.AddHours(2));
        Assert.False(ProxyStatusCalculator.Equivalent(valid, invalid));
        Assert.Equal(("invalid", "False", "ErrorPresent"), (invalid.CurrentStatus, invalid.Conditions![0].Status, invalid.Conditions[0].Reason));
        Assert.Equal(T0.AddHours(2), invalid.Conditions[0].LastTransitionTime);
        Assert.Equal("ServiceNotFound", Assert.Single(invalid.Conditions[0].Errors!).Reason);

        var back = ProxyStatusCalculator.WithTransitionTimes(StatusOf(good, "shop").Status, invalid, T0.AddHours(3));
        Assert.Equal(("valid", T0.AddHours(3)), (back.CurrentStatus, back.Conditions![0].LastTransitionTime));
        Assert.Null(back.Conditions[0].Errors);
    }

    [Theory]
    [InlineData("cycle", "IncludeCreatesCycle", "IncludeError")]
    [InlineData("missing", "IncludeNotFound", "IncludeError")]
    public void IncludeProblemsMakeTheIncludingProxyInvalid(string target, string reason, string type)
    {
        var root = Proxy("team-a", "root", T0, "a.example.com", [Route("web")], Include("team-a", "cycle", "/c"), Include("team-a", target == "missing" ? "missing" : "cycle", "/d"));
        var cycle = Proxy("team-a", "cycle", T0, null, [Route("web")], Include("team-a", "cycle-2"));
        var cycle2 = Proxy("team-a", "cycle-2", T0, null, [Route("web")], Include("team-a", "cycle"));
        var snapshot = new ResourceSnapshot { Services = [TestObjects.Service("team-a", "web")], HttpProxies = [root, cycle, cycle2] };

        var owner = target == "missing" ? "root" : "cycle-2";
        var status = StatusOf(snapshot, owner).Status;
        Assert.Equal("invalid", status.CurrentStatus);
        Assert.Contains(status.Conditions![0].Errors!, e => e.Reason == reason && e.Type == type);
    }

    [Fact]
    public void RootsOutsideRootNamespacesAndUnreachedChildrenHaveTheirOwnStatus()
    {
        var snapshot = new ResourceSnapshot
        {
            Services = [TestObjects.Service("team-a", "web")],
            HttpProxies = [Root("team-a", "root", "a.example.com", T0), Child("team-a", "child"), Root("roots", "allowed", "b.example.com", T0)],
        };
        var options = new CompilerOptions { RootNamespaces = ["roots"] };

        var root = StatusOf(snapshot, "root", options).Status;
        Assert.Equal("RootProxyNotAllowedInNamespace", root.Conditions![0].Errors![0].Reason);
        Assert.Equal("orphaned", StatusOf(snapshot, "child", options).Status.CurrentStatus);
        Assert.Equal("Orphaned", StatusOf(snapshot, "child", options).Status.Conditions![0].Reason);
        Assert.Contains(StatusOf(snapshot, "allowed", options).Status.Conditions![0].Errors!, e => e.Reason == "ServiceNotFound");
    }

    [Fact]
    public void ProxiesOfAnotherClassGetNoStatusAndNoRoutes()
    {
        var other = Root("team-a", "theirs", "x.example.com", T0) is var p ? p with { Spec = p.Spec! with { IngressClassName = "contour" } } : null!;
        var snapshot = new ResourceSnapshot { Services = [TestObjects.Service("team-a", "web")], HttpProxies = [other] };
        var result = new RouteCompiler().Compile(snapshot);

        Assert.Empty(ProxyStatusCalculator.Compute(snapshot, result));
        Assert.Empty(result.Routes.VirtualHosts);
    }

    [Fact]
    public void CertificateProblemsMapToSecretNotValid()
    {
        var root = Root("team-a", "tls", "a.example.com", T0);
        root = root with { Spec = root.Spec! with { Virtualhost = root.Spec.Virtualhost! with { Tls = new ProxyTls { SecretName = "missing" } } } };
        var snapshot = new ResourceSnapshot { Services = [TestObjects.Service("team-a", "web")], HttpProxies = [root] };

        var error = StatusOf(snapshot, "tls").Status.Conditions![0].Errors!.Single();
        Assert.Equal(("TLSError", "SecretNotValid"), (error.Type, error.Reason));
    }
}
