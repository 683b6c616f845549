using LlmGateway.Management;

namespace LlmGateway.Tests.Unit.Management;

public sealed class ManagementLockoutTests
{
    private readonly ManualTimeProvider _clock = new();

    [Fact]
    public void RecordFailure_FifthWithinTenMinutes_LocksForThirtyMinutes()
    {
        var lockout = new ManagementLockout(_clock);
        for (var i = 0; i < 4; i++)
        {
            Assert.Null(lockout.RecordFailure("10.0.0.1"));
            _clock.Advance(TimeSpan.FromMinutes(2));
        }

        var until = lockout.RecordFailure("10.0.0.1");

        Assert.Equal(_clock.GetUtcNow() + TimeSpan.FromMinutes(30), until);
        Assert.Equal(until, lockout.LockedUntil("10.0.0.1"));
        Assert.Null(lockout.LockedUntil("10.0.0.2"));
    }

    [Fact]
    public void RecordFailure_OldestOutsideTheWindow_DoesNotLock()
    {
        var lockout = new ManagementLockout(_clock);
        lockout.RecordFailure("a");
        _clock.Advance(TimeSpan.FromMinutes(1));
        for (var i = 0; i < 3; i++)
        {
            lockout.RecordFailure("a");
        }

        _clock.Advance(TimeSpan.FromMinutes(9));

        Assert.Null(lockout.RecordFailure("a"));
        Assert.Null(lockout.LockedUntil("a"));
        Assert.NotNull(lockout.RecordFailure("a"));
    }

    [Fact]
    public void LockedUntil_AfterThirtyMinutes_IsOverAndTheCountStartsAgain()
    {
        var lockout = new ManagementLockout(_clock);
        for (var i = 0; i < 5; i++)
        {
            lockout.RecordFailure("a");
        }

        _clock.Advance(TimeSpan.FromMinutes(30));

        Assert.Null(lockout.LockedUntil("a"));
        Assert.Null(lockout.RecordFailure("a"));
    }

    [Fact]
    public void RecordFailure_WhileLocked_DoesNotExtendTheLock()
    {
        var lockout = new ManagementLockout(_clock);
        for (var i = 0; i < 5; i++)
        {
            lockout.RecordFailure("a");
        }

        var until = lockout.LockedUntil("a");
        _clock.Advance(TimeSpan.FromMinutes(10));

        Assert.Equal(until, lockout.RecordFailure("a"));
        Assert.Equal(until, lockout.LockedUntil("a"));
    }

    [Fact]
    public void RecordFailure_MoreClientsThanTracked_StaleOnesAreDroppedAndLiveOnesKept()
    {
        var lockout = new ManagementLockout(_clock);
        for (var i = 0; i < 5; i++)
        {
            lockout.RecordFailure("locked");
        }

        for (var i = 0; i < ManagementLockout.MaxTracked; i++)
        {
            lockout.RecordFailure("stale-" + i);
        }

        _clock.Advance(TimeSpan.FromMinutes(11));

        Assert.Null(lockout.RecordFailure("newcomer"));
        Assert.NotNull(lockout.LockedUntil("locked"));
    }

    [Fact]
    public void RecordFailure_MoreLiveClientsThanTracked_NewcomersShareOneCount()
    {
        var lockout = new ManagementLockout(_clock);
        for (var i = 0; i < ManagementLockout.MaxTracked; i++)
        {
            lockout.RecordFailure("live-" + i);
        }

        for (var i = 0; i < 4; i++)
        {
            Assert.Null(lockout.RecordFailure("newcomer-" + i));
        }

        Assert.NotNull(lockout.RecordFailure("newcomer-4"));
        Assert.NotNull(lockout.LockedUntil("newcomer-99"));
        Assert.Null(lockout.LockedUntil("live-0"));
    }
}
