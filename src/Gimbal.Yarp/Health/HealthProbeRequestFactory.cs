using System.Net;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;

namespace Gimbal.Yarp.Health;

/// <summary>
/// Health probes as the Envoy translation sends them: the cluster's path on each endpoint, with the
/// health check's Host header ("gimbal-envoy-healthcheck" when the route leaves it empty, like the
/// Envoy translation), since virtual-hosted upstreams answer their health path on one name only.
/// </summary>
internal sealed class HealthProbeRequestFactory : IProbingRequestFactory
{
    public const string HostKey = "gimbal.health.host";
    public const string DefaultHost = "gimbal-envoy-healthcheck";

    public HttpRequestMessage CreateRequest(ClusterModel cluster, DestinationModel destination)
    {
        var config = cluster.Config;
        var address = string.IsNullOrEmpty(destination.Config.Health) ? destination.Config.Address : destination.Config.Health;
        var path = config.HealthCheck?.Active?.Path;
        var builder = new UriBuilder(address);
        if (!string.IsNullOrEmpty(path))
        {
            var query = path.IndexOf('?', StringComparison.Ordinal);
            builder.Path = builder.Path.TrimEnd('/') + (query >= 0 ? path[..query] : path);
            builder.Query = query >= 0 ? path[(query + 1)..] : string.Empty;
        }

        var http = config.HttpRequest ?? ForwarderRequestConfig.Empty;
        var request = new HttpRequestMessage(HttpMethod.Get, builder.Uri)
        {
            Version = http.Version ?? HttpVersion.Version20,
            VersionPolicy = http.VersionPolicy ?? HttpVersionPolicy.RequestVersionOrLower,
        };
        request.Headers.Host = config.Metadata?.GetValueOrDefault(HostKey) is { Length: > 0 } host ? host : DefaultHost;
        return request;
    }
}
