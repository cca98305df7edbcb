using Gimbal.Core.Kubernetes;
using Gimbal.Kubernetes.Client;
using Gimbal.Kubernetes.Errors;

namespace Gimbal.Discovery.Mirroring;

/// <summary>The Gimbal cluster through the Kubernetes client: the engine's verbs mapped to REST calls and its errors.</summary>
public sealed class KubernetesMirrorTarget(KubernetesClient client) : IMirrorTarget
{
    /// <inheritdoc/>
    public async Task<IReadOnlyList<T>> ListAsync<T>(string labelSelector, CancellationToken cancellationToken)
        where T : KubernetesObject =>
        (await Call(() => Resource<T>().ListAllAsync(null, new ListOptions { LabelSelector = labelSelector, Limit = 500 }, cancellationToken), creating: false)).Items;

    /// <inheritdoc/>
    public async Task<T?> GetAsync<T>(string ns, string name, CancellationToken cancellationToken)
        where T : KubernetesObject
    {
        try
        {
            return await Resource<T>().GetAsync(ns, name, cancellationToken);
        }
        catch (KubernetesNotFoundException)
        {
            return null;
        }
        catch (KubernetesApiException ex)
        {
            throw Translate(ex, creating: false);
        }
    }

    /// <inheritdoc/>
    public Task<T> CreateAsync<T>(T obj, CancellationToken cancellationToken)
        where T : KubernetesObject => Call(() => Resource<T>().CreateAsync(obj, cancellationToken), creating: true);

    /// <inheritdoc/>
    public Task<T> ReplaceAsync<T>(T obj, CancellationToken cancellationToken)
        where T : KubernetesObject => Call(() => Resource<T>().ReplaceAsync(obj, cancellationToken), creating: false);

    /// <inheritdoc/>
    public async Task DeleteAsync<T>(string ns, string name, CancellationToken cancellationToken)
        where T : KubernetesObject
    {
        try
        {
            await Resource<T>().DeleteAsync(ns, name, null, cancellationToken);
        }
        catch (KubernetesNotFoundException)
        {
            // Already gone: what the engine wanted.
        }
        catch (KubernetesApiException ex)
        {
            throw Translate(ex, creating: false);
        }
    }

    /// <inheritdoc/>
    public async Task<bool> NamespaceExistsAsync(string ns, CancellationToken cancellationToken)
    {
        try
        {
            var found = await client.Namespaces.GetAsync(null, ns, cancellationToken);
            return found.Metadata.DeletionTimestamp is null;
        }
        catch (KubernetesNotFoundException)
        {
            return false;
        }
        catch (KubernetesApiException ex)
        {
            throw Translate(ex, creating: false);
        }
    }

    /// <inheritdoc/>
    public async Task CreateNamespaceAsync(string ns, CancellationToken cancellationToken)
    {
        try
        {
            await client.Namespaces.CreateAsync(new Namespace { Metadata = new ObjectMeta { Name = ns } }, cancellationToken);
        }
        catch (KubernetesAlreadyExistsException)
        {
            // Someone else created it first.
        }
        catch (KubernetesApiException ex)
        {
            throw Translate(ex, creating: true);
        }
    }

    private static async Task<TResult> Call<TResult>(Func<Task<TResult>> call, bool creating)
    {
        try
        {
            return await call();
        }
        catch (KubernetesApiException ex)
        {
            throw Translate(ex, creating);
        }
        catch (HttpRequestException ex)
        {
            throw new MirrorTargetException(MirrorTargetError.Unavailable, ex.Message, ex);
        }
        catch (TimeoutException ex)
        {
            throw new MirrorTargetException(MirrorTargetError.Unavailable, ex.Message, ex);
        }
    }

    // A 404 answering a create can only mean the namespace is missing.
    private static MirrorTargetException Translate(KubernetesApiException ex, bool creating) =>
        new(
            ex switch
            {
                KubernetesNotFoundException when creating => MirrorTargetError.NamespaceNotFound,
                KubernetesNotFoundException => MirrorTargetError.NotFound,
                KubernetesAlreadyExistsException => MirrorTargetError.AlreadyExists,
                KubernetesConflictException => MirrorTargetError.Conflict,
                KubernetesInvalidException or KubernetesBadRequestException => MirrorTargetError.Invalid,
                _ => MirrorTargetError.Unavailable,
            },
            ex.Message,
            ex);

    private ResourceClient<T> Resource<T>()
        where T : KubernetesObject
    {
        object type = typeof(T) == typeof(Service) ? KubernetesResources.Services
            : typeof(T) == typeof(Endpoints) ? KubernetesResources.Endpoints
            : typeof(T) == typeof(EndpointSlice) ? KubernetesResources.EndpointSlices
            : typeof(T) == typeof(Namespace) ? KubernetesResources.Namespaces
            : throw new NotSupportedException($"the mirroring engine does not write {typeof(T).Name}");
        return client.Resource((ResourceType<T>)type);
    }
}
