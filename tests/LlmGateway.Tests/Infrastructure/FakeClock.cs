namespace LlmGateway.Tests.Infrastructure;

/// <summary>
/// A clock that only moves when a test moves it, with timers: <see cref="Advance"/> fires every timer (and so every
/// <c>Task.Delay</c>, <c>CancelAfter</c> and keep-alive on this provider) that falls due, in order.
/// </summary>
public sealed class FakeClock : TimeProvider
{
    private readonly object _gate = new();
    private readonly List<FakeTimer> _timers = [];
    private readonly List<(TimeSpan DueIn, TaskCompletionSource Signal)> _waiters = [];
    private DateTimeOffset _now;
    private long _ticks;
    private TaskCompletionSource _timersChanged = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public FakeClock()
        : this(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero))
    {
    }

    public FakeClock(DateTimeOffset start) => _now = start;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <summary>Timers waiting to fire (for tests that must know the gateway is waiting before they advance).</summary>
    public int PendingTimers
    {
        get
        {
            lock (_gate)
            {
                return _timers.Count(t => t.Due is not null);
            }
        }
    }

    /// <summary>The same as <see cref="PendingTimers"/>.</summary>
    public int ArmedTimers => PendingTimers;

    /// <summary>Completes once at least <paramref name="count"/> timers are waiting to fire (code under test has armed them).</summary>
    public async Task WaitForTimersAsync(int count)
    {
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (_timers.Count(t => t.Due is not null) >= count)
                {
                    return;
                }

                changed = _timersChanged.Task;
            }

            await changed;
        }
    }

    /// <summary>
    /// Completes once a timer is pending that falls due exactly <paramref name="dueIn"/> from now: the signal that
    /// the code under test has started to wait (a retry's <c>Task.Delay</c>, a timeout, a keep-alive) and the clock
    /// may be advanced. A timer already pending counts.
    /// </summary>
    public Task WhenTimerDueInAsync(TimeSpan dueIn)
    {
        lock (_gate)
        {
            if (_timers.Any(t => t.Due == _now + dueIn))
            {
                return Task.CompletedTask;
            }

            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((dueIn, signal));
            return signal.Task;
        }
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public override long GetTimestamp()
    {
        lock (_gate)
        {
            return _ticks;
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new FakeTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        DateTimeOffset target;
        lock (_gate)
        {
            target = _now + by;
        }

        while (true)
        {
            FakeTimer? next;
            lock (_gate)
            {
                next = _timers.Where(t => t.Due is { } due && due <= target).MinBy(t => t.Due);
                if (next is null)
                {
                    _ticks += (target - _now).Ticks;
                    _now = target;
                    return;
                }

                var due = next.Due!.Value;
                if (due > _now)
                {
                    _ticks += (due - _now).Ticks;
                    _now = due;
                }

                next.Due = next.Period > TimeSpan.Zero ? _now + next.Period : null;
            }

            next.Fire();
        }
    }

    private void Signal()
    {
        _timersChanged.TrySetResult();
        _timersChanged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class FakeTimer(FakeClock clock, TimerCallback callback, object? state) : ITimer
    {
        public DateTimeOffset? Due { get; set; }

        public TimeSpan Period { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (clock._gate)
            {
                Period = period == Timeout.InfiniteTimeSpan ? TimeSpan.Zero : period;
                Due = dueTime == Timeout.InfiniteTimeSpan ? null : clock._now + dueTime;
                if (!clock._timers.Contains(this))
                {
                    clock._timers.Add(this);
                }

                clock.Signal();
                if (Due is not null)
                {
                    clock._waiters.RemoveAll(w => w.DueIn == dueTime && w.Signal.TrySetResult());
                }
            }

            return true;
        }

        public void Fire() => callback(state);

        public void Dispose()
        {
            lock (clock._gate)
            {
                Due = null;
                clock._timers.Remove(this);
                clock.Signal();
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
