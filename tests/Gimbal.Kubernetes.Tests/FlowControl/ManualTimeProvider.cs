namespace Gimbal.Kubernetes.Tests.FlowControl;

/// <summary>
/// A clock and timers that only move when the test says so. <see cref="Advance"/> fires each timer at exactly its
/// due instant (a perfect timer); <see cref="Jump"/> moves the clock first and fires what fell due afterwards, late,
/// as a coarse or starved system timer does; <see cref="Skip"/> moves the clock and fires nothing.
/// </summary>
internal sealed class ManualTimeProvider : TimeProvider
{
    private static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly Lock _gate = new();
    private readonly List<ManualTimer> _timers = [];
    private long _now;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public override DateTimeOffset GetUtcNow() => Epoch.AddTicks(GetTimestamp());

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        lock (_gate)
        {
            _timers.Add(timer);
        }

        timer.Change(dueTime, period);
        return timer;
    }

    public void Advance(TimeSpan by)
    {
        long target;
        lock (_gate)
        {
            target = _now + by.Ticks;
        }

        while (NextDue(target) is { } timer)
        {
            lock (_gate)
            {
                _now = Math.Max(_now, timer.Due!.Value);
            }

            timer.Fire();
        }

        SetTo(target);
    }

    public void Jump(TimeSpan by)
    {
        long target;
        lock (_gate)
        {
            _now += by.Ticks;
            target = _now;
        }

        while (NextDue(target) is { } timer)
        {
            timer.Fire();
        }
    }

    public void Skip(TimeSpan by)
    {
        lock (_gate)
        {
            _now += by.Ticks;
        }
    }

    private void SetTo(long timestamp)
    {
        lock (_gate)
        {
            _now = Math.Max(_now, timestamp);
        }
    }

    private ManualTimer? NextDue(long target)
    {
        lock (_gate)
        {
            return _timers.Where(t => t.Due <= target).OrderBy(t => t.Due).FirstOrDefault();
        }
    }

    private sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        private long _period;

        public long? Due { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (owner._gate)
            {
                Due = dueTime == Timeout.InfiniteTimeSpan ? null : owner._now + dueTime.Ticks;
                _period = period == Timeout.InfiniteTimeSpan ? 0 : period.Ticks;
            }

            return true;
        }

        public void Fire()
        {
            lock (owner._gate)
            {
                Due = _period > 0 ? Due + _period : null;
            }

            callback(state);
        }

        public void Dispose()
        {
            lock (owner._gate)
            {
                Due = null;
                owner._timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
