using System.Diagnostics.CodeAnalysis;
using System.Threading.RateLimiting;

namespace Gimbal.Kubernetes.FlowControl;

/// <summary>
/// The client-side QPS/burst limiter of client-go (golang.org/x/time/rate): a bucket holding at most
/// <c>burst</c> tokens, refilled continuously at <c>qps</c> tokens per second by the time that has passed.
/// Waiters are served strictly in arrival order, each at the instant its tokens became due: a timer that
/// fires late serves every waiter that fell due meanwhile, so timer granularity costs no throughput.
/// </summary>
/// <remarks>
/// Tokens are only taken when a waiter is served, so a cancelled waiter leaves the bucket as it was and the
/// waiters behind it move up. A caller asking while others wait joins the queue, even if tokens are available.
/// </remarks>
public sealed class QpsRateLimiter : RateLimiter
{
    private static readonly RateLimitLease Granted = new Lease(acquired: true);
    private static readonly RateLimitLease Refused = new Lease(acquired: false);

    private readonly TimeProvider _time;
    private readonly double _ticksPerToken;
    private readonly Lock _gate = new();
    private readonly LinkedList<Waiter> _waiters = new();
    private readonly ITimer _timer;

    // Tokens in the bucket as of the timestamp _accountedTo; may dip a hair below zero from rounding.
    private double _tokens;
    private long _accountedTo;
    private long _queuedPermits;
    private long _successful;
    private long _failed;
    private bool _disposed;

    /// <summary>Creates a limiter that starts with a full bucket.</summary>
    /// <param name="qps">Tokens added per second; positive and finite (fractions allowed, e.g. 0.5).</param>
    /// <param name="burst">Tokens the bucket holds at most: how many requests may go at once after a quiet spell.</param>
    /// <param name="timeProvider">The clock and timers; <see cref="TimeProvider.System"/> when null.</param>
    public QpsRateLimiter(double qps, int burst, TimeProvider? timeProvider = null)
    {
        if (!double.IsFinite(qps) || qps <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(qps), qps, "QPS must be positive and finite; leave the limiter out for unlimited.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(burst, 1);
        Qps = qps;
        Burst = burst;
        _time = timeProvider ?? TimeProvider.System;
        _ticksPerToken = _time.TimestampFrequency / qps;
        _tokens = burst;
        _accountedTo = _time.GetTimestamp();
        _timer = _time.CreateTimer(static state => ((QpsRateLimiter)state!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Tokens added per second.</summary>
    public double Qps { get; }

    /// <summary>Tokens the bucket holds at most.</summary>
    public int Burst { get; }

    /// <inheritdoc />
    public override TimeSpan? IdleDuration
    {
        get
        {
            lock (_gate)
            {
                if (_waiters.Count > 0)
                {
                    return null;
                }

                // Idle since the bucket filled up: before that, tokens were still owed to past requests.
                var fullAt = _accountedTo + (long)Math.Ceiling((Burst - _tokens) * _ticksPerToken);
                var now = _time.GetTimestamp();
                return now >= fullAt ? _time.GetElapsedTime(fullAt, now) : null;
            }
        }
    }

    /// <inheritdoc />
    public override RateLimiterStatistics? GetStatistics()
    {
        lock (_gate)
        {
            var served = new List<Waiter>();
            Settle(_time.GetTimestamp(), served);
            Grant(served);
            return new RateLimiterStatistics
            {
                CurrentAvailablePermits = (long)Math.Floor(Math.Max(0, _tokens)),
                CurrentQueuedCount = _queuedPermits,
                TotalSuccessfulLeases = Interlocked.Read(ref _successful),
                TotalFailedLeases = Interlocked.Read(ref _failed),
            };
        }
    }

    /// <inheritdoc />
    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        CheckPermits(permitCount);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var served = new List<Waiter>();
            Settle(_time.GetTimestamp(), served);
            var acquired = _waiters.Count == 0 && _tokens >= permitCount;
            if (acquired)
            {
                _tokens -= permitCount;
            }

            Grant(served);
            return Count(acquired);
        }
    }

    /// <inheritdoc />
    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        CheckPermits(permitCount);
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<RateLimitLease>(cancellationToken);
        }

        Waiter waiter;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var served = new List<Waiter>();
            var now = _time.GetTimestamp();
            Settle(now, served);
            Grant(served);
            if (permitCount == 0 || (_waiters.Count == 0 && _tokens >= permitCount))
            {
                _tokens -= permitCount;
                return ValueTask.FromResult(Count(acquired: true));
            }

            waiter = new Waiter(this, permitCount);
            waiter.Node = _waiters.AddLast(waiter);
            _queuedPermits += permitCount;
            if (_waiters.Count == 1)
            {
                Schedule(now);
            }

            // Under the lock (which is re-entrant), so no grant can race the assignment; a token cancelled since
            // the check above runs Cancel right here.
            waiter.Registration = cancellationToken.UnsafeRegister(static (state, token) => ((Waiter)state!).Owner.Cancel((Waiter)state!, token), waiter);
        }

        return new ValueTask<RateLimitLease>(waiter.Completion.Task);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        List<Waiter> abandoned = [];
        lock (_gate)
        {
            if (disposing && !_disposed)
            {
                _disposed = true;
                abandoned.AddRange(_waiters);
                _waiters.Clear();
                _queuedPermits = 0;
                _timer.Dispose();
            }
        }

        foreach (var waiter in abandoned)
        {
            waiter.Node = null;
            waiter.Registration.Unregister();
            waiter.Completion.TrySetException(new ObjectDisposedException(nameof(QpsRateLimiter)));
        }

        base.Dispose(disposing);
    }

    private void CheckPermits(int permitCount)
    {
        if (permitCount < 0 || permitCount > Burst)
        {
            // More than the bucket holds could never be served.
            throw new ArgumentOutOfRangeException(nameof(permitCount), permitCount, $"asks for more than the burst of {Burst} (or less than 0)");
        }
    }

    /// <summary>
    /// Brings the bucket up to <paramref name="now"/>: serves, in order, every waiter whose tokens fell due, each at
    /// its due instant (not at <paramref name="now"/>), then refills by the rest of the elapsed time up to the burst.
    /// </summary>
    private void Settle(long now, List<Waiter> served)
    {
        while (_waiters.First is { } first)
        {
            var waiter = first.Value;
            var due = DueAt(waiter.Permits);
            if (due > now)
            {
                return;
            }

            Refill(due);
            _tokens -= waiter.Permits;
            _waiters.RemoveFirst();
            _queuedPermits -= waiter.Permits;
            waiter.Node = null;
            served.Add(waiter);
        }

        if (_waiters.Count == 0)
        {
            Refill(now);
        }
    }

    private void Refill(long to)
    {
        if (to > _accountedTo)
        {
            _tokens = Math.Min(Burst, _tokens + ((to - _accountedTo) / _ticksPerToken));
            _accountedTo = to;
        }
    }

    private long DueAt(int permits) =>
        _tokens >= permits ? _accountedTo : _accountedTo + (long)Math.Ceiling((permits - _tokens) * _ticksPerToken);

    private void Schedule(long now)
    {
        if (_waiters.First is not { } first)
        {
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }

        // Whole milliseconds, never zero: a timer set for a fraction of one would spin until the instant arrives.
        var wait = _time.GetElapsedTime(now, Math.Max(now, DueAt(first.Value.Permits)));
        var milliseconds = Math.Max(1, Math.Ceiling(wait.TotalMilliseconds));
        _timer.Change(TimeSpan.FromMilliseconds(milliseconds), Timeout.InfiniteTimeSpan);
    }

    private void OnTimer()
    {
        var served = new List<Waiter>();
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            var now = _time.GetTimestamp();
            Settle(now, served);
            Schedule(now);
            Grant(served);
        }
    }

    private void Cancel(Waiter waiter, CancellationToken token)
    {
        lock (_gate)
        {
            if (waiter.Node is not { } node)
            {
                return;
            }

            var wasFirst = node == _waiters.First;
            _waiters.Remove(node);
            _queuedPermits -= waiter.Permits;
            waiter.Node = null;
            if (wasFirst)
            {
                Schedule(_time.GetTimestamp());
            }
        }

        Interlocked.Increment(ref _failed);
        waiter.Completion.TrySetCanceled(token);
    }

    // Completions run their continuations on the thread pool, so completing under the lock runs no caller code here.
    private void Grant(List<Waiter> served)
    {
        foreach (var waiter in served)
        {
            waiter.Registration.Unregister();
            waiter.Completion.TrySetResult(Count(acquired: true));
        }
    }

    private RateLimitLease Count(bool acquired)
    {
        Interlocked.Increment(ref acquired ? ref _successful : ref _failed);
        return acquired ? Granted : Refused;
    }

    private sealed class Waiter(QpsRateLimiter owner, int permits)
    {
        public QpsRateLimiter Owner { get; } = owner;

        public int Permits { get; } = permits;

        public TaskCompletionSource<RateLimitLease> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public LinkedListNode<Waiter>? Node { get; set; }

        public CancellationTokenRegistration Registration { get; set; }
    }

    private sealed class Lease(bool acquired) : RateLimitLease
    {
        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, [NotNullWhen(true)] out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
