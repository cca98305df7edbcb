using System.Collections.Concurrent;
using Gimbal.Kubernetes.Client;
using Gimbal.Kubernetes.Configuration;
using Gimbal.Kubernetes.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Gimbal.Kubernetes.DependencyInjection;

/// <summary>Makes clients for the several clusters a host talks to; they share logging and metrics.</summary>
public interface IKubernetesClientFactory
{
    /// <summary>A new client of the cluster in <paramref name="configuration"/>, with the factory's logging and metrics; the factory disposes it.</summary>
    /// <param name="configuration">The cluster to talk to.</param>
    KubernetesClient Create(KubernetesClientConfiguration configuration);
}

/// <summary>The default factory: owns (and disposes) the clients it made.</summary>
public sealed class KubernetesClientFactory(ILoggerFactory loggerFactory, KubernetesClientMetrics metrics) : IKubernetesClientFactory, IDisposable
{
    private readonly ConcurrentBag<KubernetesClient> _clients = [];

    /// <summary>A new client of the cluster in <paramref name="configuration"/>; it is disposed with this factory. Thread-safe.</summary>
    /// <param name="configuration">The cluster to talk to.</param>
    public KubernetesClient Create(KubernetesClientConfiguration configuration)
    {
        var client = new KubernetesClient(configuration, loggerFactory, metrics);
        _clients.Add(client);
        return client;
    }

    /// <summary>Disposes every client this factory made.</summary>
    public void Dispose()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }
    }
}
