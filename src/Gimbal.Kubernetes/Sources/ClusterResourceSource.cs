using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Gimbal.Core.Compilation;
using Gimbal.Core.Kubernetes;
using Gimbal.Kubernetes.Client;
using Gimbal.Kubernetes.Informers;
using Microsoft.Extensions.Logging;

namespace Gimbal.Kubernetes.Sources;

/// <summary>What a <see cref="ClusterResourceSource"/> watches.</summary>
public sealed record ClusterResourceSourceOptions
{
    /// <summary>One namespace, or null for all.</summary>
    public string? Namespace { get; init; }

    /// <summary>Changes arriving within this window make one snapshot.</summary>
    public TimeSpan Debounce { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Also watch HTTPProxies and TLSCertificateDelegations (projectcontour.io/v1). Off by default:
    /// without the CRDs installed those informers could never sync.
    /// </summary>
    public bool ContourResources { get; init; }

    /// <summary>Informer settings (namespace is taken from <see cref="Namespace"/>).</summary>
    public InformerOptions Informers { get; init; } = new();
}

/// <summary>
/// A live cluster as a stream of snapshots: informers on Ingresses, IngressClasses, Services, Endpoints,
/// EndpointSlices and Secrets. The first snapshot comes once every informer has synced; after that, one per
/// burst of changes.
/// </summary>
public sealed partial class ClusterResourceSource(KubernetesClient client, ClusterResourceSourceOptions? options = null) : IResourceSource
{
    private readonly ClusterResourceSourceOptions _options = options ?? new ClusterResourceSourceOptions();
    private readonly ILogger _logger = client.LoggerFactory.CreateLogger<ClusterResourceSource>();

    /// <summary>"cluster &lt;name&gt; at &lt;server&gt;", for logs.</summary>
    public string Description => $"cluster {client.Configuration.Name} at {client.Configuration.Server}";

    /// <summary>The cluster the objects come from, where status and events go back to.</summary>
    public KubernetesClient Client => client;

    /// <summary>
    /// Starts the informers and yields the first snapshot once all have synced, then a new one after each burst of changes
    /// (<see cref="ClusterResourceSourceOptions.Debounce"/>). Informers recover from errors by themselves; stops when cancelled.
    /// </summary>
    /// <param name="cancellationToken">Stops the informers and ends the stream.</param>
    public async IAsyncEnumerable<ResourceSnapshot> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var informerOptions = _options.Informers with { Namespace = _options.Namespace };
        var ingresses = client.CreateInformer(KubernetesResources.Ingresses, informerOptions);
        var classes = client.CreateInformer(KubernetesResources.IngressClasses, informerOptions with { Namespace = null });
        var services = client.CreateInformer(KubernetesResources.Services, informerOptions);
        var endpoints = client.CreateInformer(KubernetesResources.Endpoints, informerOptions);
        var slices = client.CreateInformer(KubernetesResources.EndpointSlices, informerOptions);
        var secrets = client.CreateInformer(KubernetesResources.Secrets, informerOptions);
        var proxies = _options.ContourResources ? client.CreateInformer(Contour.ContourResources.HttpProxies, informerOptions) : null;
        var delegations = _options.ContourResources ? client.CreateInformer(Contour.ContourResources.TlsCertificateDelegations, informerOptions) : null;

        var changes = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        var handlers = new List<IDisposable>
        {
            Signal(ingresses, changes.Writer),
            Signal(classes, changes.Writer),
            Signal(services, changes.Writer),
            Signal(endpoints, changes.Writer),
            Signal(slices, changes.Writer),
            Signal(secrets, changes.Writer),
        };
        if (proxies is not null && delegations is not null)
        {
            handlers.Add(Signal(proxies, changes.Writer));
            handlers.Add(Signal(delegations, changes.Writer));
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var runs = new[]
        {
            ingresses.RunAsync(stop.Token), classes.RunAsync(stop.Token), services.RunAsync(stop.Token),
            endpoints.RunAsync(stop.Token), slices.RunAsync(stop.Token), secrets.RunAsync(stop.Token),
            proxies?.RunAsync(stop.Token) ?? Task.CompletedTask, delegations?.RunAsync(stop.Token) ?? Task.CompletedTask,
        };

        try
        {
            await Task.WhenAll(
                ingresses.WaitForSyncAsync(cancellationToken), classes.WaitForSyncAsync(cancellationToken), services.WaitForSyncAsync(cancellationToken),
                endpoints.WaitForSyncAsync(cancellationToken), slices.WaitForSyncAsync(cancellationToken), secrets.WaitForSyncAsync(cancellationToken),
                proxies?.WaitForSyncAsync(cancellationToken) ?? Task.CompletedTask, delegations?.WaitForSyncAsync(cancellationToken) ?? Task.CompletedTask);
            changes.Reader.TryRead(out _);
            LogSynced(Description);

            yield return Snapshot();
            while (await changes.Reader.WaitToReadAsync(cancellationToken))
            {
                await Task.Delay(_options.Debounce, cancellationToken);
                changes.Reader.TryRead(out _);
                yield return Snapshot();
            }
        }
        finally
        {
            foreach (var handler in handlers)
            {
                handler.Dispose();
            }

            await stop.CancelAsync();
            await Task.WhenAll(runs).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        ResourceSnapshot Snapshot() => new()
        {
            Ingresses = Sorted(ingresses),
            IngressClasses = Sorted(classes),
            Services = Sorted(services),
            Endpoints = Sorted(endpoints),
            EndpointSlices = Sorted(slices),
            Secrets = Sorted(secrets),
            HttpProxies = proxies is null ? [] : Sorted(proxies),
            TlsCertificateDelegations = delegations is null ? [] : Sorted(delegations),
        };
    }

    private static IReadOnlyList<T> Sorted<T>(Informer<T> informer)
        where T : KubernetesObject =>
        [.. informer.Cache.List().OrderBy(o => o.Key, StringComparer.Ordinal)];

    private static IDisposable Signal<T>(Informer<T> informer, ChannelWriter<bool> changes)
        where T : KubernetesObject =>
        informer.AddHandler(_ => changes.TryWrite(true), (_, _) => changes.TryWrite(true), _ => changes.TryWrite(true));

    [LoggerMessage(Level = LogLevel.Information, Message = "Synced {Source}")]
    private partial void LogSynced(string source);
}
