using Gimbal.Core.Routing;
using Gimbal.Yarp.Configuration;
using Gimbal.Yarp.FastLane.Routing;
using Gimbal.Yarp.Metrics;
using Gimbal.Yarp.Tcp;
using Gimbal.Yarp.Tls;
using Gimbal.Yarp.Translation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Configuration;

namespace Gimbal.Yarp;

/// <summary>
/// The entry point of the in-process data plane: give it each new route table and endpoint table
/// and it updates YARP's routes and clusters and the TLS certificates, atomically.
/// </summary>
public sealed partial class GimbalYarpDataPlane(
    GimbalProxyConfigProvider provider,
    GimbalCertificateSelector certificates,
    TcpProxyRoutes tcpProxies,
    FastLaneRoutes fastLane,
    GimbalYarpMetrics metrics,
    IOptionsMonitor<GimbalYarpOptions> options,
    TimeProvider time,
    ILogger<GimbalYarpDataPlane> logger)
{
    private readonly Lock _gate = new();
    private RouteTable? _routes;
    private IReadOnlyList<RouteConfig> _routeConfigs = [];
    private List<RouteDescriptor> _descriptors = [];

    /// <summary>How many tables have been applied; 0 until the first.</summary>
    public long Version => metrics.ConfigVersion;

    /// <summary>
    /// Makes YARP serve <paramref name="routes"/> with <paramref name="endpoints"/>: routes and certificates are rebuilt only
    /// when the route table changed, clusters every time; requests in flight finish on the config they started with.
    /// Thread-safe: concurrent calls apply one after the other.
    /// </summary>
    /// <param name="routes">The compiled route table.</param>
    /// <param name="endpoints">The endpoints of its clusters.</param>
    public void Apply(RouteTable routes, EndpointTable endpoints)
    {
        lock (_gate)
        {
            // Endpoint-only changes keep the very same route configs, so YARP rebuilds no route.
            var routesChanged = !Equals(routes, _routes);
            if (routesChanged)
            {
                _descriptors = [];
                _routeConfigs = RouteTranslator.Translate(routes, _descriptors);
                certificates.Update(routes);
                _routes = routes;
            }

            var clusters = ClusterTranslator.Translate(routes, endpoints, options.CurrentValue);
            provider.Publish(_routeConfigs, clusters);
            if (routesChanged)
            {
                // After the clusters: a new TCP proxy host must never point at a cluster YARP lacks.
                tcpProxies.Update(TcpProxyTranslator.Translate(routes));
                fastLane.Update(_descriptors);
            }

            var version = metrics.RecordReload(time.GetUtcNow());
            LogApplied(version, _routeConfigs.Count, clusters.Count, routesChanged);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied config {Version}: {Routes} routes, {Clusters} clusters (routes changed: {RoutesChanged})")]
    private partial void LogApplied(long version, int routes, int clusters, bool routesChanged);
}
