using Gimbal.Core.Compilation;
using Gimbal.Core.Json;
using Gimbal.Core.Tests.Support;

namespace Gimbal.Core.Tests.Compilation;

/// <summary>Seeded random snapshots: the compiler never throws and its output never depends on input order.</summary>
public sealed class PropertyTests
{
    private const int Seeds = 150;

    [Fact]
    public void RandomSnapshotsNeverThrowAndAnyOrderGivesIdenticalJson()
    {
        var codes = new HashSet<string>(StringComparer.Ordinal);
        var routes = 0;
        for (var seed = 1; seed <= Seeds; seed++)
        {
            var snapshot = new RandomSnapshots(seed).Create();
            var result = new RouteCompiler().Compile(snapshot);
            codes.UnionWith(result.Diagnostics.Select(d => d.Code));
            routes += result.Routes.VirtualHosts.Sum(v => v.Routes.Count);
            Assert.DoesNotContain(result.Diagnostics, d => d.Code == RouteCompiler.InternalErrorCode);
            var json = RouteJson.Serialize(result);

            var shuffled = Shuffle(snapshot, new Random(seed * 7919));
            var again = new RouteCompiler().Compile(shuffled);
            Assert.Equal(json, RouteJson.Serialize(again));
            Assert.Equal(result, again with { Endpoints = result.Endpoints });
        }

        // The generator must actually exercise the rules, or this test proves nothing.
        Assert.True(routes > Seeds * 5, $"only {routes} routes");
        Assert.Superset(
            new HashSet<string>(["HostConflict", "InvalidHost", "InvalidRegex", "PathTooLong", "ServiceNotFound", "ServicePortNotFound", "TlsSecretInvalid", "InvalidAnnotation", "DuplicateRoute"]),
            codes);
    }

    [Fact]
    public void EveryRouteReferencesAClusterOfTheTableAndEveryClusterHasEndpoints()
    {
        for (var seed = 1; seed <= Seeds; seed++)
        {
            var result = new RouteCompiler().Compile(new RandomSnapshots(seed).Create());
            var clusters = result.Routes.Clusters.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
            foreach (var route in result.Routes.VirtualHosts.SelectMany(v => v.Routes))
            {
                Assert.True(route.Action.Forward is not null || route.Action.DirectResponse?.StatusCode == 503);
                Assert.All(route.Action.Forward?.Clusters ?? [], c => Assert.Contains(c.ClusterName, clusters));
            }

            Assert.Equal(clusters.Order(StringComparer.Ordinal), result.Endpoints.Clusters.Keys);
            Assert.Equal(result.Routes.VirtualHosts.Select(v => v.Name).Order(StringComparer.Ordinal), result.Routes.VirtualHosts.Select(v => v.Name));
            Assert.Equal(result.Routes.VirtualHosts.Count, result.Routes.VirtualHosts.Select(v => v.Name).Distinct().Count());
        }
    }

    [Fact]
    public void AHostNeverServesRoutesFromTwoNamespaces()
    {
        for (var seed = 1; seed <= Seeds; seed++)
        {
            var result = new RouteCompiler().Compile(new RandomSnapshots(seed).Create(80));
            foreach (var host in result.Routes.VirtualHosts)
            {
                Assert.Single(host.Routes.Select(r => r.Source.Namespace).Distinct());
            }
        }
    }

    [Fact]
    public void EndpointOnlyUpdatesEqualAFullCompile()
    {
        for (var seed = 1; seed <= Seeds; seed++)
        {
            var random = new Random(seed);
            var snapshot = new RandomSnapshots(seed).Create();
            var compiler = new RouteCompiler();
            var before = compiler.Compile(snapshot);
            if (before.Routes.Clusters.Count == 0)
            {
                continue;
            }

            var service = before.Routes.Clusters[random.Next(before.Routes.Clusters.Count)].Service;
            var endpoints = snapshot.Endpoints
                .Where(e => !(e.Metadata.Namespace == service.Namespace && e.Metadata.Name == service.Name))
                .Append(TestObjects.Endpoints(service.Namespace, service.Name, service.PortName, 8080, [$"192.168.{seed % 250}.1", "192.168.0.2"]))
                .ToList();
            var changed = snapshot with { Endpoints = endpoints, EndpointSlices = snapshot.EndpointSlices.Where((_, i) => i % 2 == 0).ToList() };
            var key = $"{service.Namespace}/{service.Name}";

            // A separate compiler, so this one keeps the index of the first snapshot and the update scans the changed lists.
            var expected = RouteJson.Serialize(new RouteCompiler().Compile(changed).Endpoints);
            var viaSnapshot = compiler.UpdateEndpoints(before, changed, [key]);

            // Only that Service's slices changed when we drop every other slice, so update all Services that had slices.
            var all = before.Routes.Clusters.Select(c => $"{c.Service.Namespace}/{c.Service.Name}").Distinct().ToList();
            var viaObjects = compiler.UpdateEndpoints(before, all.Select(k => ServiceEndpoints.From(changed, k)!));
            var full = compiler.UpdateEndpoints(before, changed, all);

            Assert.Same(before.Routes, viaSnapshot.Routes);
            Assert.Equal(expected, RouteJson.Serialize(full.Endpoints));
            Assert.Equal(expected, RouteJson.Serialize(viaObjects.Endpoints));
            Assert.Equal(
                expected.Contains(key + "/", StringComparison.Ordinal),
                RouteJson.Serialize(viaSnapshot.Endpoints).Contains(key + "/", StringComparison.Ordinal));
        }
    }

    private static ResourceSnapshot Shuffle(ResourceSnapshot s, Random random) => new()
    {
        Ingresses = random.Shuffle(s.Ingresses),
        IngressClasses = random.Shuffle(s.IngressClasses),
        Services = random.Shuffle(s.Services),
        Endpoints = random.Shuffle(s.Endpoints),
        EndpointSlices = random.Shuffle(s.EndpointSlices),
        Secrets = random.Shuffle(s.Secrets),
    };
}

internal static class RandomShuffle
{
    public static List<T> Shuffle<T>(this Random random, IReadOnlyList<T> items)
    {
        var copy = items.ToList();
        for (var i = copy.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (copy[i], copy[j]) = (copy[j], copy[i]);
        }

        return copy;
    }
}
