using System.Threading.RateLimiting;
using Gimbal.Core.Kubernetes;

namespace Gimbal.Discovery.Mirroring;

/// <summary>
/// Holds every call to the Gimbal cluster to a token bucket of <c>qps</c> tokens per second and <c>burst</c>
/// tokens at most, as client-go's rate limiter does for the original's --gimbal-client-qps/--gimbal-client-burst.
/// </summary>
public sealed class RateLimitedMirrorTarget : IMirrorTarget, IAsyncDisposable
{
    private readonly IMirrorTarget _inner;
    private readonly TokenBucketRateLimiter? _limiter;

    public RateLimitedMirrorTarget(IMirrorTarget inner, double qps, int burst)
    {
        _inner = inner;
        if (qps > 0)
        {
            // Refill often with a few tokens rather than once a second with many, so calls flow evenly.
            var period = TimeSpan.FromMilliseconds(Math.Max(1, 1000 / Math.Min(qps, 1000)));
            _limiter = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
            {
                TokenLimit = Math.Max(1, burst),
                TokensPerPeriod = Math.Max(1, (int)Math.Round(qps * period.TotalSeconds)),
                ReplenishmentPeriod = period,
                QueueLimit = int.MaxValue,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                AutoReplenishment = true,
            });
        }
    }

    public async Task<IReadOnlyList<T>> ListAsync<T>(string labelSelector, CancellationToken cancellationToken)
        where T : KubernetesObject
    {
        await AcquireAsync(cancellationToken);
        return await _inner.ListAsync<T>(labelSelector, cancellationToken);
    }

    public async Task<T?> GetAsync<T>(string ns, string name, CancellationToken cancellationToken)
        where T : KubernetesObject
    {
        await AcquireAsync(cancellationToken);
        return await _inner.GetAsync<T>(ns, name, cancellationToken);
    }

    public async Task<T> CreateAsync<T>(T obj, CancellationToken cancellationToken)
        where T : KubernetesObject
    {
        await AcquireAsync(cancellationToken);
        return await _inner.CreateAsync(obj, cancellationToken);
    }

    public async Task<T> ReplaceAsync<T>(T obj, CancellationToken cancellationToken)
        where T : KubernetesObject
    {
        await AcquireAsync(cancellationToken);
        return await _inner.ReplaceAsync(obj, cancellationToken);
    }

    public async Task DeleteAsync<T>(string ns, string name, CancellationToken cancellationToken)
        where T : KubernetesObject
    {
        await AcquireAsync(cancellationToken);
        await _inner.DeleteAsync<T>(ns, name, cancellationToken);
    }

    public async Task<bool> NamespaceExistsAsync(string ns, CancellationToken cancellationToken)
    {
        await AcquireAsync(cancellationToken);
        return await _inner.NamespaceExistsAsync(ns, cancellationToken);
    }

    public async Task CreateNamespaceAsync(string ns, CancellationToken cancellationToken)
    {
        await AcquireAsync(cancellationToken);
        await _inner.CreateNamespaceAsync(ns, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_limiter is not null)
        {
            await _limiter.DisposeAsync();
        }
    }

    private async ValueTask AcquireAsync(CancellationToken cancellationToken)
    {
        if (_limiter is null)
        {
            return;
        }

        using var lease = await _limiter.AcquireAsync(1, cancellationToken);
    }
}
