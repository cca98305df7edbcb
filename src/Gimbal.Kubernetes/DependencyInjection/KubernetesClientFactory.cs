using System.Collections.Concurrent;
using Gimbal.Kubernetes.Client;
using Gimbal.Kubernetes.Configuration;
using Gimbal.Kubernetes.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Gimbal.Kubernetes.DependencyInjection;

/// <summary>Makes clients for the several clusters a host talks to; they share logging and metrics.</summary>
public interface IKubernetesClientFactory
{
    KubernetesClient Create(KubernetesClientConfiguration configuration);
}

/// <summary>The default factory: owns (and disposes) the clients it made.</summary>
public sealed class KubernetesClientFactory(ILoggerFactory loggerFactory, KubernetesClientMetrics metrics) : IKubernetesClientFactory, IDisposable
{
    private readonly ConcurrentBag<KubernetesClient> _clients = [];

    public KubernetesClient Create(KubernetesClientConfiguration configuration)
    {
        var client = new KubernetesClient(configuration, loggerFactory, metrics);
        _clients.Add(client);
        return client;
    }

    public void Dispose()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }
    }
}
