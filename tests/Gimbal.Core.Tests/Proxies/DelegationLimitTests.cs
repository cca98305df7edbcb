using Gimbal.Core.Compilation;
using Gimbal.Core.Compilation.Proxies;
using Gimbal.Core.Tests.Support;
using static Gimbal.Core.Tests.Proxies.ProxyObjects;

namespace Gimbal.Core.Tests.Proxies;

public sealed class DelegationLimitTests
{
    [Fact]
    public void A_graph_that_unfolds_exponentially_is_cut_off_with_a_diagnostic()
    {
        // p0 includes p1 twice, p1 includes p2 twice, ...: 2^40 paths if unfolded.
        var proxies = Enumerable.Range(0, 40).Select(i => Proxy("team-a", $"p{i}", TestObjects.Epoch, i == 0 ? "a.example.com" : null, [Route("web")],
            Include("team-a", $"p{i + 1}", "/x"), Include("team-a", $"p{i + 1}", "/y"))).ToList();
        proxies.Add(Child("team-a", "p40"));
        var snapshot = new ResourceSnapshot { Services = [TestObjects.Service("team-a", "web")], HttpProxies = proxies };

        var result = new RouteCompiler().Compile(snapshot);

        Assert.Contains(result.Diagnostics, d => d.Code == ProxyDiagnosticCodes.IncludeLimit);
        Assert.InRange(result.Routes.VirtualHosts.Single().Routes.Count, 1, 4097);
    }
}
