using Gimbal.Core.Kubernetes;
using Gimbal.Core.Naming;
using Gimbal.Kubernetes.Client;
using Gimbal.Kubernetes.Configuration;
using Gimbal.Kubernetes.Errors;
using Gimbal.Testing;

namespace Gimbal.Discovery.Tests;

/// <summary>Reads a test API server over HTTP, as any client of the cluster would.</summary>
internal sealed class GimbalReader : IAsyncDisposable
{
    private readonly KubernetesClient _client;

    private GimbalReader(KubernetesClient client) => _client = client;

    public static Task<GimbalReader> ForAsync(KubeApiTestServer server) =>
        Task.FromResult(new GimbalReader(new KubernetesClient(new KubernetesClientConfiguration { Server = server.Url, Qps = 0 })));

    public async Task<T?> GetAsync<T>(string? ns, string name)
        where T : KubernetesObject
    {
        try
        {
            return await _client.Resource(TypeOf<T>()).GetAsync(ns, name);
        }
        catch (KubernetesNotFoundException)
        {
            return null;
        }
    }

    public async Task<IReadOnlyList<T>> ListAsync<T>(string? ns = null)
        where T : KubernetesObject => (await _client.Resource(TypeOf<T>()).ListAsync(ns)).Items;

    public async Task<IReadOnlyList<T>> ListOwnedAsync<T>(string backend)
        where T : KubernetesObject => (await _client.Resource(TypeOf<T>()).ListAsync(null, new ListOptions { LabelSelector = $"{GimbalLabels.Backend}={backend}" })).Items;

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }

    private static ResourceType<T> TypeOf<T>()
        where T : KubernetesObject =>
        (ResourceType<T>)(object)(typeof(T) == typeof(Service) ? KubernetesResources.Services
            : typeof(T) == typeof(Endpoints) ? KubernetesResources.Endpoints
            : typeof(T) == typeof(EndpointSlice) ? KubernetesResources.EndpointSlices
            : typeof(T) == typeof(Namespace) ? KubernetesResources.Namespaces
            : throw new ArgumentException(typeof(T).Name));
}
