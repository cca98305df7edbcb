using System.Diagnostics;
using System.Diagnostics.Metrics;
using Gimbal.Discovery.Kubernetes;
using Gimbal.Discovery.Metrics;
using Gimbal.Discovery.Mirroring;
using Gimbal.Kubernetes.Client;
using Gimbal.Kubernetes.Configuration;
using Gimbal.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gimbal.Benchmarks.Discovery;

/// <summary>
/// One full mirror of the upstream test server into a fresh, empty Gimbal test server: a discoverer and its engine
/// writing with one --endpoints-kind at one client QPS. Stays up afterwards for steady-state measurements.
/// </summary>
internal sealed class MirrorRun : IAsyncDisposable
{
    private readonly ServiceProvider _provider;
    private readonly KubernetesClient _upstreamClient;

    private MirrorRun(KubeApiTestServer gimbal, ServiceProvider provider, KubernetesClient upstreamClient, KubernetesClient gimbalClient, MirrorEngine engine, KubernetesDiscoverer discoverer)
    {
        Gimbal = gimbal;
        _provider = provider;
        _upstreamClient = upstreamClient;
        GimbalClient = gimbalClient;
        Engine = engine;
        Discoverer = discoverer;
    }

    public KubeApiTestServer Gimbal { get; }

    public KubernetesClient GimbalClient { get; }

    public MirrorEngine Engine { get; }

    public KubernetesDiscoverer Discoverer { get; }

    public static async Task<MirrorRun> StartAsync(KubeApiTestServer upstream, KubeApiTestServerOptions gimbalOptions, EndpointsKind kind, int qps, int workers, CancellationToken cancellationToken)
    {
        var gimbal = await KubeApiTestServer.StartAsync(gimbalOptions, cancellationToken);
        var provider = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var upstreamClient = new KubernetesClient(new KubernetesClientConfiguration { Server = upstream.Url, Qps = 0 });
        var gimbalClient = new KubernetesClient(new KubernetesClientConfiguration { Server = gimbal.Url, Qps = qps, Burst = Math.Max(1, qps) });
        var metrics = new DiscovererMetrics(provider.GetRequiredService<IMeterFactory>());
        var engine = new MirrorEngine(
            new KubernetesMirrorTarget(gimbalClient),
            new MirrorEngineOptions { BackendName = "bench", Workers = workers, EndpointsKind = kind },
            metrics,
            NullLogger<MirrorEngine>.Instance);
        var options = new KubernetesDiscovererOptions { ResyncInterval = TimeSpan.FromHours(1) };
        var discoverer = new KubernetesDiscoverer(upstreamClient, engine, new KubernetesMirrorMapper("bench", options), options, metrics, NullLogger<KubernetesDiscoverer>.Instance);
        return new MirrorRun(gimbal, provider, upstreamClient, gimbalClient, engine, discoverer);
    }

    /// <summary>Starts the discoverer and waits until <paramref name="expectedWrites"/> writes are done and nothing is left to do.</summary>
    public async Task<FullMirror> MirrorAsync(long expectedWrites, CancellationToken cancellationToken)
    {
        Gimbal.Requests.Clear();
        var clock = Stopwatch.StartNew();
        await Discoverer.StartAsync(cancellationToken);
        while (!(Discoverer.Status.Reconciled && Engine.IsIdle && Engine.Writes >= expectedWrites))
        {
            await Task.Delay(10, cancellationToken);
        }

        return new FullMirror(clock.Elapsed, Engine.Writes, Gimbal.Requests.Snapshot().Count);
    }

    public async ValueTask DisposeAsync()
    {
        await Discoverer.StopAsync(CancellationToken.None);
        Discoverer.Dispose();
        GimbalClient.Dispose();
        _upstreamClient.Dispose();
        await _provider.DisposeAsync();
        await Gimbal.DisposeAsync();
    }
}

/// <summary>How long a full mirror took, the writes it made, and every request the Gimbal server answered meanwhile.</summary>
internal sealed record FullMirror(TimeSpan Elapsed, long Writes, long Requests)
{
    public double WritesPerSecond => Writes / Elapsed.TotalSeconds;

    public double RequestsPerSecond => Requests / Elapsed.TotalSeconds;
}
