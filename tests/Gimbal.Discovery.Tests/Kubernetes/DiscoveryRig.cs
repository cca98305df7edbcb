using System.Diagnostics.Metrics;
using Gimbal.Core.Kubernetes;
using Gimbal.Core.Naming;
using Gimbal.Discovery.Kubernetes;
using Gimbal.Discovery.Metrics;
using Gimbal.Discovery.Mirroring;
using Gimbal.Kubernetes.Client;
using Gimbal.Kubernetes.Configuration;
using Gimbal.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gimbal.Discovery.Tests.Kubernetes;

/// <summary>Kubernetes discoverers between test API servers over real HTTP, started and stopped by tests.</summary>
internal sealed class DiscoveryRig : IAsyncDisposable
{
    private readonly List<Running> _running = [];
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    public static async Task<KubeApiTestServer> StartServerAsync(params string[] namespaces) =>
        await KubeApiTestServer.StartAsync(new KubeApiTestServerOptions { Namespaces = ["default", "kube-system", .. namespaces] });

    /// <summary>Starts a discoverer copying <paramref name="upstream"/> into <paramref name="gimbal"/> as <paramref name="backend"/>.</summary>
    public async Task<KubernetesDiscoverer> StartAsync(string backend, KubeApiTestServer upstream, KubeApiTestServer gimbal, Action<KubernetesDiscovererOptions>? configure = null)
    {
        var options = new KubernetesDiscovererOptions
        {
            ProbeInterval = TimeSpan.FromMilliseconds(200),
            UpstreamRetryInitialDelay = TimeSpan.FromMilliseconds(20),
            UpstreamRetryMaxDelay = TimeSpan.FromMilliseconds(300),
        };
        configure?.Invoke(options);
        var upstreamClient = new KubernetesClient(new KubernetesClientConfiguration { Server = upstream.Url, Qps = 0, MaxRetries = 0, RequestTimeout = TimeSpan.FromSeconds(10) });
        var gimbalClient = new KubernetesClient(new KubernetesClientConfiguration { Server = gimbal.Url, Qps = 0, MaxRetries = 0, RequestTimeout = TimeSpan.FromSeconds(10) });
        var metrics = new DiscovererMetrics(_services.GetRequiredService<IMeterFactory>());
        var engine = new MirrorEngine(
            new KubernetesMirrorTarget(gimbalClient),
            new MirrorEngineOptions { BackendName = backend, RetryInitialDelay = TimeSpan.FromMilliseconds(20), RetryMaxDelay = TimeSpan.FromMilliseconds(300) },
            metrics,
            NullLogger<MirrorEngine>.Instance);
        var discoverer = new KubernetesDiscoverer(upstreamClient, engine, new KubernetesMirrorMapper(backend, options), options, metrics, NullLogger<KubernetesDiscoverer>.Instance);
        await discoverer.StartAsync(CancellationToken.None);
        _running.Add(new Running(discoverer, upstreamClient, gimbalClient));
        return discoverer;
    }

    public async Task StopAsync(KubernetesDiscoverer discoverer)
    {
        var running = _running.Single(r => r.Discoverer == discoverer);
        _running.Remove(running);
        await running.DisposeAsync();
    }

    /// <summary>
    /// Whether <paramref name="gimbal"/> holds exactly the mirror of <paramref name="upstream"/> for <paramref name="backend"/>:
    /// the same owned Services, Endpoints and EndpointSlices, field for field, and nothing else owned.
    /// </summary>
    public static async Task<string?> MirrorDifferenceAsync(string backend, KubeApiTestServer upstream, KubeApiTestServer gimbal, KubernetesDiscovererOptions? options = null)
    {
        var mapper = new KubernetesMirrorMapper(backend, options ?? new KubernetesDiscovererOptions());
        using var upstreamClient = new KubernetesClient(new KubernetesClientConfiguration { Server = upstream.Url, Qps = 0 });
        using var gimbalClient = new KubernetesClient(new KubernetesClientConfiguration { Server = gimbal.Url, Qps = 0 });
        var upstreamEndpoints = (await upstreamClient.Endpoints.ListAsync(null)).Items.ToDictionary(e => e.Key);
        var expected = (await upstreamClient.Services.ListAsync(null)).Items
            .Where(mapper.ShouldMirror)
            .Select(s => mapper.Map(s, upstreamEndpoints.GetValueOrDefault(s.Key)))
            .ToList();

        var selector = new ListOptions { LabelSelector = $"{GimbalLabels.Backend}={backend}" };
        var services = (await gimbalClient.Services.ListAsync(null, selector)).Items.ToDictionary(s => s.Key);
        var endpoints = (await gimbalClient.Endpoints.ListAsync(null, selector)).Items.ToDictionary(e => e.Key);
        var slices = (await gimbalClient.EndpointSlices.ListAsync(null, selector)).Items.ToDictionary(e => e.Key);

        var expectedSlices = expected.SelectMany(m => EndpointSliceBuilder.Build(m.Endpoints with
        {
            Metadata = m.Endpoints.Metadata with { Labels = new Dictionary<string, string>(m.Endpoints.Metadata.Labels!) { [MirrorLabels.SkipMirror] = "true" } },
        })).ToDictionary(s => s.Key);
        if (services.Count != expected.Count || endpoints.Count != expected.Count || slices.Count != expectedSlices.Count)
        {
            return $"counts differ: services {services.Count}/{expected.Count}, endpoints {endpoints.Count}/{expected.Count}, slices {slices.Count}/{expectedSlices.Count}";
        }

        foreach (var mirror in expected)
        {
            var key = mirror.Service.Key;
            if (!services.TryGetValue(key, out var service) || MirrorFingerprint.Of(service) != MirrorFingerprint.Of(mirror.Service))
            {
                return $"service {key} differs";
            }

            var wantedEndpoints = mirror.Endpoints with { Metadata = mirror.Endpoints.Metadata with { Labels = new Dictionary<string, string>(mirror.Endpoints.Metadata.Labels!) { [MirrorLabels.SkipMirror] = "true" } } };
            if (!endpoints.TryGetValue(key, out var actual) || MirrorFingerprint.Of(actual) != MirrorFingerprint.Of(wantedEndpoints))
            {
                return $"endpoints {key} differ";
            }
        }

        foreach (var (key, slice) in expectedSlices)
        {
            if (!slices.TryGetValue(key, out var actual) || MirrorFingerprint.Of(actual) != MirrorFingerprint.Of(slice))
            {
                return $"slice {key} differs";
            }
        }

        return null;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var running in _running)
        {
            await running.DisposeAsync();
        }

        await _services.DisposeAsync();
    }

    private sealed record Running(KubernetesDiscoverer Discoverer, KubernetesClient Upstream, KubernetesClient Gimbal) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Discoverer.StopAsync(CancellationToken.None);
            Discoverer.Dispose();
            Upstream.Dispose();
            Gimbal.Dispose();
        }
    }
}
