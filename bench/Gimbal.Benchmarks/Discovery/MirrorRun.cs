using System.Diagnostics;
using System.Diagnostics.Metrics;
using Gimbal.Discovery.Kubernetes;
using Gimbal.Discovery.Metrics;
using Gimbal.Discovery.Mirroring;
using Gimbal.Kubernetes.Client;
using Gimbal.Kubernetes.Configuration;
using Gimbal.Kubernetes.Diagnostics;
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
    private const string GimbalClusterName = "bench-gimbal";

    private readonly ServiceProvider _provider;
    private readonly KubernetesClient _upstreamClient;
    private readonly KubernetesClientMetrics _gimbalMetrics;
    private readonly MeterListener _listener = new();
    private long _requests;
    private long _requestMicroseconds;

    private MirrorRun(KubeApiTestServer gimbal, ServiceProvider provider, KubernetesClient upstreamClient, KubernetesClient gimbalClient, KubernetesClientMetrics gimbalMetrics, MirrorEngine engine, KubernetesDiscoverer discoverer)
    {
        _gimbalMetrics = gimbalMetrics;
        Gimbal = gimbal;
        _provider = provider;
        _upstreamClient = upstreamClient;
        GimbalClient = gimbalClient;
        Engine = engine;
        Discoverer = discoverer;

        // Every request the Gimbal client sends (the server's own log is bounded), and how long each took.
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == KubernetesClientMetrics.MeterName && instrument.Name is "gimbal.kubernetes.client.requests" or "gimbal.kubernetes.client.request.duration")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            if (IsGimbal(tags))
            {
                Interlocked.Add(ref _requests, value);
            }
        });
        _listener.SetMeasurementEventCallback<double>((_, seconds, tags, _) =>
        {
            if (IsGimbal(tags))
            {
                Interlocked.Add(ref _requestMicroseconds, (long)(seconds * 1e6));
            }
        });
        _listener.Start();
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
        var gimbalMetrics = new KubernetesClientMetrics();
        var gimbalClient = new KubernetesClient(new KubernetesClientConfiguration { Server = gimbal.Url, Name = GimbalClusterName, Qps = qps, Burst = Math.Max(1, qps) }, metrics: gimbalMetrics);
        var metrics = new DiscovererMetrics(provider.GetRequiredService<IMeterFactory>());
        var engine = new MirrorEngine(
            new KubernetesMirrorTarget(gimbalClient),
            new MirrorEngineOptions { BackendName = "bench", Workers = workers, EndpointsKind = kind },
            metrics,
            NullLogger<MirrorEngine>.Instance);
        var options = new KubernetesDiscovererOptions { ResyncInterval = TimeSpan.FromHours(1) };
        var discoverer = new KubernetesDiscoverer(upstreamClient, engine, new KubernetesMirrorMapper("bench", options), options, metrics, NullLogger<KubernetesDiscoverer>.Instance);
        return new MirrorRun(gimbal, provider, upstreamClient, gimbalClient, gimbalMetrics, engine, discoverer);
    }

    /// <summary>Starts the discoverer and waits until <paramref name="expectedWrites"/> writes are done and nothing is left to do.</summary>
    public async Task<FullMirror> MirrorAsync(long expectedWrites, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await Discoverer.StartAsync(cancellationToken);
        while (!(Discoverer.Status.Reconciled && Engine.IsIdle && Engine.Writes >= expectedWrites))
        {
            await Task.Delay(10, cancellationToken);
        }

        var requests = Interlocked.Read(ref _requests);
        return new FullMirror(clock.Elapsed, Engine.Writes, requests, TimeSpan.FromMicroseconds(Interlocked.Read(ref _requestMicroseconds) / (double)Math.Max(1, requests)));
    }

    private static bool IsGimbal(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == "cluster")
            {
                return (string?)tag.Value == GimbalClusterName;
            }
        }

        return false;
    }

    public async ValueTask DisposeAsync()
    {
        await Discoverer.StopAsync(CancellationToken.None);
        Discoverer.Dispose();
        _listener.Dispose();
        GimbalClient.Dispose();
        _gimbalMetrics.Dispose();
        _upstreamClient.Dispose();
        await _provider.DisposeAsync();
        await Gimbal.DisposeAsync();
    }
}

/// <summary>How long a full mirror took, the writes it made, and the requests (all verbs) sent to the Gimbal server and their mean latency.</summary>
internal sealed record FullMirror(TimeSpan Elapsed, long Writes, long Requests, TimeSpan MeanLatency)
{
    public double WritesPerSecond => Writes / Elapsed.TotalSeconds;

    public double RequestsPerSecond => Requests / Elapsed.TotalSeconds;
}
