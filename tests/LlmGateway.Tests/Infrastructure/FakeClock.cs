namespace LlmGateway.Tests.Infrastructure;

/// <summary>
/// A clock with timers that only moves when a test calls <see cref="Advance"/>; due timers fire inside that call.
/// <see cref="WaitForTimersAsync"/> lets a test wait until code under test has armed its timer (no sleeps).
/// </summary>
public sealed class FakeClock(DateTimeOffset start) : TimeProvider
{
    private readonly object _gate = new();
    private readonly List<FakeTimer> _armed = [];
    private DateTimeOffset _now = start;
    private TaskCompletionSource _timersChanged = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public FakeClock()
        : this(new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero))
    {
    }

    public int ArmedTimers
    {
        get
        {
            lock (_gate)
            {
                return _armed.Count;
            }
        }
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new FakeTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves time on and fires, in order, every timer that falls due on the way.</summary>
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
            FakeTimer? due;
            lock (_gate)
            {
                due = _armed.Where(t => t.DueAt <= target).MinBy(t => t.DueAt);
                if (due is null)
                {
                    _now = target;
                    return;
                }

                _now = due.DueAt;
                if (due.Period > TimeSpan.Zero)
                {
                    due.DueAt += due.Period;
                }
                else
                {
                    Disarm(due);
                }
            }

            due.Fire();
        }
    }

    /// <summary>Completes once at least <paramref name="count"/> timers are armed.</summary>
    public async Task WaitForTimersAsync(int count)
    {
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (_armed.Count >= count)
                {
                    return;
                }

                changed = _timersChanged.Task;
            }

            await changed;
        }
    }

    private void Arm(FakeTimer timer, TimeSpan dueTime, TimeSpan period)
    {
        lock (_gate)
        {
            _armed.Remove(timer);
            if (dueTime != Timeout.InfiniteTimeSpan)
            {
                timer.DueAt = _now + dueTime;
                timer.Period = period == Timeout.InfiniteTimeSpan ? TimeSpan.Zero : period;
                _armed.Add(timer);
            }

            Signal();
        }
    }

    private void Disarm(FakeTimer timer)
    {
        lock (_gate)
        {
            _armed.Remove(timer);
            Signal();
        }
    }

    private void Signal()
    {
        _timersChanged.TrySetResult();
        _timersChanged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class FakeTimer(FakeClock clock, TimerCallback callback, object? state) : ITimer
    {
        public DateTimeOffset DueAt { get; set; }

        public TimeSpan Period { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            clock.Arm(this, dueTime, period);
            return true;
        }

        public void Fire() => callback(state);

        public void Dispose() => clock.Disarm(this);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
