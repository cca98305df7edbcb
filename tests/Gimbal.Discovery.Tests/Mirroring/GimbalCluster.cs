using Gimbal.Core.Kubernetes;
using Gimbal.Discovery.Metrics;
using Gimbal.Discovery.Mirroring;
using Gimbal.Kubernetes.Client;
using Gimbal.Kubernetes.Configuration;
using Gimbal.Kubernetes.Errors;
using Gimbal.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gimbal.Discovery.Tests.Mirroring;

/// <summary>A Gimbal cluster (test API server over real HTTP) and mirroring engines writing to it.</summary>
internal sealed class GimbalCluster : IAsyncDisposable
{
    private readonly List<(CancellationTokenSource Stop, Task Run, KubernetesClient Client)> _engines = [];
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    private readonly KubernetesClient _reader;

    private GimbalCluster(KubeApiTestServer server)
    {
        Server = server;
        _reader = new KubernetesClient(new KubernetesClientConfiguration { Server = server.Url, Qps = 0 });
    }

    public KubeApiTestServer Server { get; }

    public static async Task<GimbalCluster> StartAsync(params string[] namespaces) =>
        new(await KubeApiTestServer.StartAsync(new KubeApiTestServerOptions { Namespaces = ["default", "kube-system", .. namespaces] }));

    public IServiceProvider Services => _services;

    /// <summary>Reads an object over HTTP, as any client of the Gimbal cluster would; null when there is none.</summary>
    public async Task<T?> GetAsync<T>(string? ns, string name)
        where T : KubernetesObject
    {
        try
        {
            return await _reader.Resource(TypeOf<T>()).GetAsync(ns, name);
        }
        catch (KubernetesNotFoundException)
        {
            return null;
        }
    }

    public async Task<IReadOnlyList<T>> ListAsync<T>(string? ns = null)
        where T : KubernetesObject => (await _reader.Resource(TypeOf<T>()).ListAsync(ns)).Items;

    /// <summary>Starts an engine for <paramref name="backend"/>; it stops when the cluster is disposed.</summary>
    public MirrorEngine StartEngine(string backend, Action<MirrorEngineOptions>? configure = null)
    {
        var options = new MirrorEngineOptions { BackendName = backend, Workers = 2, RetryInitialDelay = TimeSpan.FromMilliseconds(20), RetryMaxDelay = TimeSpan.FromMilliseconds(500) };
        configure?.Invoke(options);
        var client = new KubernetesClient(new KubernetesClientConfiguration { Server = Server.Url, Qps = 0, MaxRetries = 0 });
        var engine = new MirrorEngine(new KubernetesMirrorTarget(client), options, new DiscovererMetrics(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()), NullLogger<MirrorEngine>.Instance);
        var stop = new CancellationTokenSource();
        _engines.Add((stop, engine.RunAsync(stop.Token), client));
        return engine;
    }

    private static ResourceType<T> TypeOf<T>()
        where T : KubernetesObject =>
        (ResourceType<T>)(object)(typeof(T) == typeof(Service) ? KubernetesResources.Services
            : typeof(T) == typeof(Endpoints) ? KubernetesResources.Endpoints
            : typeof(T) == typeof(EndpointSlice) ? KubernetesResources.EndpointSlices
            : typeof(T) == typeof(Namespace) ? KubernetesResources.Namespaces
            : throw new ArgumentException(typeof(T).Name));

    public async ValueTask DisposeAsync()
    {
        foreach (var (stop, run, client) in _engines)
        {
            await stop.CancelAsync();
            await run;
            client.Dispose();
            stop.Dispose();
        }

        _reader.Dispose();
        await Server.DisposeAsync();
        await _services.DisposeAsync();
    }
}
