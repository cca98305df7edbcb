using System.Text.Json.Nodes;
using Gimbal.Deploy.Tests.Infrastructure;

namespace Gimbal.Deploy.Tests.Manifests;

/// <summary>
/// The discoverer Deployments' arguments are ones gimbal-discoverer accepts: the real program runs with them
/// (listening on a free loopback port, with no credentials) and must stop at the missing credentials, not at a flag.
/// </summary>
public sealed class DiscovererArgumentsTests
{
    public static TheoryData<string> Discoverers() =>
        new(DeployTree.OfKind("Deployment").Where(d => DeployTree.Namespace(d) == "gimbal-discovery").Select(DeployTree.Name));

    [Theory]
    [MemberData(nameof(Discoverers))]
    public async Task Gimbal_discoverer_accepts_the_deployments_arguments(string deployment)
    {
        var container = DeployTree.OfKind("Deployment").Single(d => DeployTree.Name(d) == deployment)["spec"]!["template"]!["spec"]!["containers"]![0]!;
        var args = container["args"]!.AsArray().Select(a => (string)a!)
            .Select(a => a.StartsWith("--prometheus-listen-address=", StringComparison.Ordinal) ? "--prometheus-listen-address=127.0.0.1:0" : a)
            .ToList();
        var program = Path.Combine(AppContext.BaseDirectory, "gimbal-discoverer.dll");

        var (exitCode, output) = await ProcessRunner.RunAsync("dotnet", [program, .. args], timeout: TimeSpan.FromMinutes(1), environment: new Dictionary<string, string>
        {
            // No upstream credentials here: the run must end there.
            ["KUBERNETES_SERVICE_HOST"] = string.Empty,
        });

        Assert.NotEqual(0, exitCode);
        Assert.DoesNotContain("Unrecognized", output, StringComparison.Ordinal);
        Assert.DoesNotContain("is not a positive duration", output, StringComparison.Ordinal);
        Assert.DoesNotContain("--backend-name:", output, StringComparison.Ordinal);
        Assert.Matches(args[0] == "openstack" ? "OS_AUTH_URL" : "kubeconfig|/etc/gimbal/upstream", output);
    }
}
