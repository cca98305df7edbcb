using Gimbal.Kubernetes.Client;
using Gimbal.Kubernetes.Configuration;
using Gimbal.Testing;

namespace Gimbal.Kubernetes.Tests;

/// <summary>A test API server and a client of it over real HTTP.</summary>
internal sealed class TestCluster : IAsyncDisposable
{
    private TestCluster(KubeApiTestServer server, KubernetesClient client)
    {
        Server = server;
        Client = client;
    }

    public KubeApiTestServer Server { get; }

    public KubernetesClient Client { get; }

    public static async Task<TestCluster> StartAsync(KubeApiTestServerOptions? options = null, Func<KubernetesClientConfiguration, KubernetesClientConfiguration>? configure = null)
    {
        var server = await KubeApiTestServer.StartAsync(options);
        var configuration = new KubernetesClientConfiguration { Server = server.Url, Qps = 0, RequestTimeout = TimeSpan.FromSeconds(30) };
        return new TestCluster(server, new KubernetesClient(configure?.Invoke(configuration) ?? configuration));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}
