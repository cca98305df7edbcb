using Microsoft.Extensions.Primitives;
using Yarp.ReverseProxy.Configuration;

namespace Gimbal.Yarp.Configuration;

/// <summary>
/// Hands YARP one complete config at a time. A new config replaces the old in one reference swap
/// and then signals the old one's change token; YARP applies it while requests already in flight
/// keep the route and cluster state they started with.
/// </summary>
public sealed class GimbalProxyConfigProvider : IProxyConfigProvider
{
    private volatile ProxyConfig _config = new([], []);

    /// <summary>The current config (empty until the first table is applied); its change token fires when the next one replaces it. Thread-safe.</summary>
    public IProxyConfig GetConfig() => _config;

    internal void Publish(IReadOnlyList<RouteConfig> routes, IReadOnlyList<ClusterConfig> clusters)
    {
        var next = new ProxyConfig(routes, clusters);
        var previous = Interlocked.Exchange(ref _config, next);
        previous.SignalChange();
    }

    private sealed class ProxyConfig(IReadOnlyList<RouteConfig> routes, IReadOnlyList<ClusterConfig> clusters) : IProxyConfig
    {
        private readonly CancellationTokenSource _changed = new();

        public IReadOnlyList<RouteConfig> Routes => routes;

        public IReadOnlyList<ClusterConfig> Clusters => clusters;

        public IChangeToken ChangeToken => new CancellationChangeToken(_changed.Token);

        public void SignalChange() => _changed.Cancel();
    }
}
