using System.Globalization;
using System.Security.Authentication;
using Gimbal.Core.Collections;
using Gimbal.Core.Routing;
using Gimbal.Yarp.CircuitBreaking;
using Gimbal.Yarp.Health;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;

namespace Gimbal.Yarp.Translation;

/// <summary>
/// Gimbal clusters (plus their endpoints) to YARP clusters.
/// <para>
/// YARP has no weighted clusters: a route names exactly one cluster. A route that splits traffic
/// (canary 90/10, or across upstream clusters) therefore gets a YARP cluster of its own whose
/// destinations are the union of its members' endpoints, each tagged with its member; the Gimbal
/// load-balancing policy first draws a member by weight, then applies that member's own strategy
/// to the member's destinations. A per-request pick (rather than, say, two YARP routes with a
/// random header) keeps the split exact under any routing, lets health checks and passive ejection
/// work per destination as usual, and costs one extra cluster per distinct split, not per route.
/// </para>
/// </summary>
internal static class ClusterTranslator
{
    public const string SplitPrefix = "split:";

    /// <summary>A cluster without destinations for routes that answer by themselves.</summary>
    public const string NoClusterId = "gimbal:none";

    /// <summary>The YARP cluster a forward action uses, or null when none of its clusters exist.</summary>
    public static string? ClusterIdFor(ForwardAction forward, IReadOnlyDictionary<string, UpstreamCluster> clusters) => ClusterIdFor(forward.Clusters, clusters);

    /// <summary>The YARP cluster for weighted clusters (of a route or a TCP proxy), or null when none of them exist.</summary>
    public static string? ClusterIdFor(EquatableArray<WeightedCluster> weighted, IReadOnlyDictionary<string, UpstreamCluster> clusters)
    {
        var members = Members(weighted, clusters);
        return members.Count switch
        {
            0 => null,
            1 => members[0].Name,
            _ => SplitPrefix + string.Join(",", members.Select(m => $"{m.Name}={m.Weight.ToString(CultureInfo.InvariantCulture)}")),
        };
    }

    /// <summary>
    /// The existing clusters with positive weight, in order; a cluster named twice (two services with
    /// different header policies) is one member with the summed weight, so its share stays exact.
    /// </summary>
    private static List<(string Name, int Weight)> Members(EquatableArray<WeightedCluster> weighted, IReadOnlyDictionary<string, UpstreamCluster> clusters)
    {
        var members = new List<(string Name, int Weight)>(weighted.Count);
        foreach (var cluster in weighted)
        {
            if (cluster.Weight <= 0 || !clusters.ContainsKey(cluster.ClusterName))
            {
                continue;
            }

            var index = members.FindIndex(m => m.Name == cluster.ClusterName);
            if (index < 0)
            {
                members.Add((cluster.ClusterName, cluster.Weight));
            }
            else
            {
                members[index] = (cluster.ClusterName, members[index].Weight + cluster.Weight);
            }
        }

        return members;
    }

    /// <summary>Clusters by name; a repeated name keeps the first (the compiler never repeats one).</summary>
    public static Dictionary<string, UpstreamCluster> ByName(RouteTable routes) =>
        routes.Clusters.DistinctBy(c => c.Name, StringComparer.Ordinal).ToDictionary(c => c.Name, StringComparer.Ordinal);

    public static List<ClusterConfig> Translate(RouteTable routes, EndpointTable endpoints, GimbalYarpOptions options)
    {
        var byName = ByName(routes);
        var result = new List<ClusterConfig>(byName.Count + 1)
        {
            new() { ClusterId = NoClusterId, LoadBalancingPolicy = GimbalLoadBalancingPolicyName.Value },
        };
        foreach (var cluster in byName.Values.OrderBy(c => c.Name, StringComparer.Ordinal))
        {
            var member = new SplitMember(cluster.Name, 1, cluster.LoadBalancing);
            result.Add(Build(cluster.Name, [cluster], [member], endpoints, options));
        }

        var forwards = routes.VirtualHosts.SelectMany(v => v.Routes).Select(r => r.Action.Forward).OfType<ForwardAction>().Select(f => f.Clusters);
        var tcpProxies = routes.VirtualHosts.Select(v => v.TcpProxy).OfType<TcpProxy>().Select(t => t.Clusters);
        var splits = forwards.Concat(tcpProxies)
            .Select(weighted => (Id: ClusterIdFor(weighted, byName), Weighted: weighted))
            .Where(s => s.Id is not null && s.Id.StartsWith(SplitPrefix, StringComparison.Ordinal))
            .DistinctBy(s => s.Id, StringComparer.Ordinal)
            .OrderBy(s => s.Id, StringComparer.Ordinal);
        foreach (var (id, weighted) in splits)
        {
            var members = Members(weighted, byName)
                .Select(m => new SplitMember(m.Name, m.Weight, byName[m.Name].LoadBalancing))
                .ToList();
            result.Add(Build(id!, members.Select(m => byName[m.ClusterName]).ToList(), members, endpoints, options));
        }

        return result;
    }

    private static ClusterConfig Build(
        string id, IReadOnlyList<UpstreamCluster> sources, IReadOnlyList<SplitMember> members, EndpointTable endpoints, GimbalYarpOptions options)
    {
        var isSplit = members.Count > 1;
        var destinations = new Dictionary<string, DestinationConfig>(StringComparer.Ordinal);
        foreach (var source in sources)
        {
            foreach (var (key, address, weight) in Addresses(source, endpoints))
            {
                var destinationMetadata = new Dictionary<string, string> { [ClusterDescriptor.MemberKey] = source.Name };
                if (weight != 1)
                {
                    destinationMetadata[ClusterDescriptor.WeightKey] = weight.ToString(CultureInfo.InvariantCulture);
                }

                destinations[isSplit ? $"{source.Name}|{key}" : key] = new DestinationConfig { Address = address, Metadata = destinationMetadata };
            }
        }

        // A split's members may disagree on protocol and health checks; the first member decides,
        // which is what a split between versions of one service (the common case) needs.
        var first = sources[0];
        var metadata = new Dictionary<string, string>
        {
            [ClusterDescriptor.MetadataKey] = new ClusterDescriptor(members.ToEquatableArray()).ToJson(),
        };
        var health = sources.Select(s => s.HealthCheck).FirstOrDefault(h => h is not null);
        if (health is not null)
        {
            metadata[HealthThresholdPolicy.HealthyKey] = Math.Max(1, health.HealthyThreshold).ToString(CultureInfo.InvariantCulture);
            metadata[HealthThresholdPolicy.UnhealthyKey] = Math.Max(1, health.UnhealthyThreshold).ToString(CultureInfo.InvariantCulture);
            if (health.Host is { Length: > 0 } host)
            {
                metadata[HealthProbeRequestFactory.HostKey] = host;
            }
        }

        if (first.CircuitBreakers is { } breakers)
        {
            metadata[ClusterLimits.MetadataKey] = ClusterLimits.ToJson(breakers);
        }

        return new ClusterConfig
        {
            ClusterId = id,
            LoadBalancingPolicy = GimbalLoadBalancingPolicyName.Value,
            Destinations = destinations,
            Metadata = metadata,
            HealthCheck = new HealthCheckConfig
            {
                Active = health is null ? null : new ActiveHealthCheckConfig
                {
                    Enabled = true,
                    Interval = health.Interval,
                    Timeout = health.Timeout,
                    Policy = HealthThresholdPolicy.PolicyName,
                    Path = health.Path,
                },
                Passive = options.PassiveHealthChecks ? new PassiveHealthCheckConfig
                {
                    Enabled = true,
                    Policy = "TransportFailureRate",
                    ReactivationPeriod = options.PassiveReactivationPeriod,
                } : null,
            },
            HttpClient = new HttpClientConfig
            {
                // Envoy, without an upstream validation context, does not verify upstream certificates
                // either; clusters point at in-cluster endpoints addressed by IP.
                DangerousAcceptAnyServerCertificate = IsTls(first.Protocol),
                SslProtocols = IsTls(first.Protocol) ? SslProtocols.Tls12 | SslProtocols.Tls13 : null,
                MaxConnectionsPerServer = first.CircuitBreakers?.MaxConnections,
                EnableMultipleHttp2Connections = true,
            },
            HttpRequest = new ForwarderRequestConfig
            {
                Version = first.Protocol is UpstreamProtocol.Http2 or UpstreamProtocol.H2c ? new Version(2, 0) : new Version(1, 1),
                VersionPolicy = HttpVersionPolicy.RequestVersionExact,
                ActivityTimeout = options.UpstreamActivityTimeout,
            },
        };
    }

    /// <summary>YARP rejects the whole config for one unusable destination address, so those are left out.</summary>
    private static bool IsValid(string address) =>
        Uri.TryCreate(address, UriKind.Absolute, out var uri) && uri.Port is > 0 and <= 65535 && uri.AbsolutePath == "/";

    private static bool IsTls(UpstreamProtocol protocol) => protocol is UpstreamProtocol.Http2 or UpstreamProtocol.Tls;

    private static IEnumerable<(string Key, string Address, int Weight)> Addresses(UpstreamCluster cluster, EndpointTable endpoints)
    {
        var scheme = IsTls(cluster.Protocol) ? "https" : "http";
        if (cluster.ExternalName is { Length: > 0 } external)
        {
            var address = $"{scheme}://{external}:{cluster.Service.Port}";
            if (IsValid(address))
            {
                yield return ($"{external}:{cluster.Service.Port}", address, 1);
            }

            yield break;
        }

        foreach (var endpoint in endpoints.Find(cluster.Name)?.Endpoints ?? EquatableArray<LbEndpoint>.Empty)
        {
            if (!endpoint.Ready || endpoint.Weight <= 0)
            {
                continue;
            }

            var host = endpoint.Address.Contains(':', StringComparison.Ordinal) ? $"[{endpoint.Address}]" : endpoint.Address;
            var address = $"{scheme}://{host}:{endpoint.Port}";
            if (IsValid(address))
            {
                yield return ($"{host}:{endpoint.Port}", address, endpoint.Weight);
            }
        }
    }
}

internal static class GimbalLoadBalancingPolicyName
{
    public const string Value = "Gimbal";
}
