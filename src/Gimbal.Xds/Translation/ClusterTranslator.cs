using Envoy.Config.Cluster.V3;
using Envoy.Config.Core.V3;
using Envoy.Config.Endpoint.V3;
using Envoy.Extensions.TransportSockets.Tls.V3;
using Gimbal.Core.Routing;
using Google.Protobuf.WellKnownTypes;
using EnvoyCircuitBreakers = Envoy.Config.Cluster.V3.CircuitBreakers;
using CoreHealthCheck = Envoy.Config.Core.V3.HealthCheck;
using UpstreamHttpProtocolOptions = Envoy.Extensions.Upstreams.Http.V3.HttpProtocolOptions;
using EnvoyLbEndpoint = Envoy.Config.Endpoint.V3.LbEndpoint;
using GimbalCircuitBreakers = Gimbal.Core.Routing.CircuitBreakers;

namespace Gimbal.Xds.Translation;

/// <summary>Turns an <see cref="UpstreamCluster"/> into an Envoy Cluster fed by EDS over ADS.</summary>
internal static class ClusterTranslator
{
    private const string UpstreamHttpOptions = "envoy.extensions.upstreams.http.v3.HttpProtocolOptions";
    private const string TlsTransportSocket = "envoy.transport_sockets.tls";
    private const string DefaultHealthCheckHost = "gimbal-envoy-healthcheck";
    private static readonly Duration ConnectTimeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(2));

    public static Cluster Translate(UpstreamCluster upstream, ResourceFlavor flavor)
    {
        var cluster = new Cluster
        {
            Name = upstream.Name,
            AltStatName = $"{upstream.Service.Namespace}_{upstream.Service.Name}_{upstream.Service.Port}",
            ConnectTimeout = ConnectTimeout.Clone(),
        };

        if (upstream.ExternalName is { Length: > 0 } externalName && flavor == ResourceFlavor.Envoy)
        {
            cluster.Type = Cluster.Types.DiscoveryType.StrictDns;
            cluster.DnsLookupFamily = Cluster.Types.DnsLookupFamily.V4Only;
            cluster.LoadAssignment = ExternalNameAssignment(upstream.Name, externalName, upstream.Service.Port);
        }
        else
        {
            cluster.Type = Cluster.Types.DiscoveryType.Eds;
            cluster.EdsClusterConfig = new Cluster.Types.EdsClusterConfig
            {
                EdsConfig = ConfigSources.Ads(),
                ServiceName = upstream.Name,
            };
        }

        if (flavor == ResourceFlavor.Grpc)
        {
            // gRPC clients accept only these two policies and ignore the Envoy-only settings below.
            cluster.LbPolicy = upstream.LoadBalancing.Strategy == LoadBalancingStrategy.RingHash
                ? Cluster.Types.LbPolicy.RingHash
                : Cluster.Types.LbPolicy.RoundRobin;
            return cluster;
        }

        ApplyLoadBalancing(cluster, upstream.LoadBalancing);
        if (upstream.HealthCheck is { } healthCheck)
        {
            cluster.HealthChecks.Add(HealthCheckFor(healthCheck));
        }

        if (upstream.CircuitBreakers is { } breakers)
        {
            cluster.CircuitBreakers = CircuitBreakersFor(breakers);
        }

        ApplyProtocol(cluster, upstream);
        return cluster;
    }

    private static void ApplyLoadBalancing(Cluster cluster, LoadBalancerPolicy policy)
    {
        switch (policy.Strategy)
        {
            case LoadBalancingStrategy.LeastRequest:
                cluster.LbPolicy = Cluster.Types.LbPolicy.LeastRequest;
                break;
            case LoadBalancingStrategy.PowerOfTwoChoices:
                cluster.LbPolicy = Cluster.Types.LbPolicy.LeastRequest;
                cluster.LeastRequestLbConfig = new Cluster.Types.LeastRequestLbConfig { ChoiceCount = 2 };
                break;
            case LoadBalancingStrategy.Random:
                cluster.LbPolicy = Cluster.Types.LbPolicy.Random;
                break;
            case LoadBalancingStrategy.RingHash:
                cluster.LbPolicy = Cluster.Types.LbPolicy.RingHash;
                break;
            default:
                cluster.LbPolicy = Cluster.Types.LbPolicy.RoundRobin;
                break;
        }
    }

    private static CoreHealthCheck HealthCheckFor(HealthCheckPolicy policy) => new()
    {
        Timeout = Duration.FromTimeSpan(Positive(policy.Timeout, TimeSpan.FromSeconds(2))),
        Interval = Duration.FromTimeSpan(Positive(policy.Interval, TimeSpan.FromSeconds(5))),
        HealthyThreshold = (uint)Math.Max(1, policy.HealthyThreshold),
        UnhealthyThreshold = (uint)Math.Max(1, policy.UnhealthyThreshold),
        HttpHealthCheck = new CoreHealthCheck.Types.HttpHealthCheck
        {
            Path = string.IsNullOrEmpty(policy.Path) ? "/" : policy.Path,
            Host = string.IsNullOrEmpty(policy.Host) ? DefaultHealthCheckHost : policy.Host,
        },
    };

    private static TimeSpan Positive(TimeSpan value, TimeSpan fallback) => value > TimeSpan.Zero ? value : fallback;

    private static EnvoyCircuitBreakers CircuitBreakersFor(GimbalCircuitBreakers breakers)
    {
        var thresholds = new EnvoyCircuitBreakers.Types.Thresholds { Priority = RoutingPriority.Default };
        if (breakers.MaxConnections is { } connections)
        {
            thresholds.MaxConnections = (uint)Math.Max(0, connections);
        }

        if (breakers.MaxPendingRequests is { } pending)
        {
            thresholds.MaxPendingRequests = (uint)Math.Max(0, pending);
        }

        if (breakers.MaxRequests is { } requests)
        {
            thresholds.MaxRequests = (uint)Math.Max(0, requests);
        }

        if (breakers.MaxRetries is { } retries)
        {
            thresholds.MaxRetries = (uint)Math.Max(0, retries);
        }

        return new EnvoyCircuitBreakers { Thresholds = { thresholds } };
    }

    private static void ApplyProtocol(Cluster cluster, UpstreamCluster upstream)
    {
        if (upstream.Protocol is UpstreamProtocol.Http2 or UpstreamProtocol.H2c)
        {
            var options = new UpstreamHttpProtocolOptions
            {
                ExplicitHttpConfig = new UpstreamHttpProtocolOptions.Types.ExplicitHttpConfig
                {
                    Http2ProtocolOptions = new Http2ProtocolOptions(),
                },
            };
            cluster.TypedExtensionProtocolOptions.Add(UpstreamHttpOptions, Any.Pack(options));
        }

        if (upstream.Protocol is UpstreamProtocol.Http2 or UpstreamProtocol.Tls)
        {
            var tls = new UpstreamTlsContext { CommonTlsContext = new CommonTlsContext() };
            if (upstream.Protocol == UpstreamProtocol.Http2)
            {
                tls.CommonTlsContext.AlpnProtocols.Add("h2");
            }

            if (upstream.ExternalName is { Length: > 0 } sni)
            {
                tls.Sni = sni;
            }

            cluster.TransportSocket = new TransportSocket { Name = TlsTransportSocket, TypedConfig = Any.Pack(tls) };
        }
    }

    private static ClusterLoadAssignment ExternalNameAssignment(string clusterName, string host, int port) => new()
    {
        ClusterName = clusterName,
        Endpoints =
        {
            new LocalityLbEndpoints
            {
                LbEndpoints =
                {
                    new EnvoyLbEndpoint
                    {
                        Endpoint = new Endpoint
                        {
                            Address = new Address { SocketAddress = new SocketAddress { Address = host, PortValue = (uint)port } },
                        },
                    },
                },
            },
        },
    };
}
