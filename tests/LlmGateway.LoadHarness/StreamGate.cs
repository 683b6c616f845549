namespace LlmGateway.LoadHarness;

/// <summary>
/// Holds streams open until a number of them are open at once (or until <see cref="Open"/> is called), so the
/// fan-out scenario proves that many concurrent streams really were in flight together.
/// </summary>
internal sealed class StreamGate
{
    private TaskCompletionSource _open = NewSource();
    private int _target = int.MaxValue;
    private int _arrived;

    /// <summary>Streams that reached the gate since the last <see cref="Reset"/>.</summary>
    public int Arrived => Volatile.Read(ref _arrived);

    /// <summary>Streams that were held at the gate when it opened.</summary>
    public int HeldWhenOpened { get; private set; }

    public Task Opened => _open.Task;

    public void Reset(int target)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(target, 1);
        _open = NewSource();
        HeldWhenOpened = 0;
        Volatile.Write(ref _arrived, 0);
        Volatile.Write(ref _target, target);
    }

    /// <summary>Counts a stream in and returns when the gate opens.</summary>
    public Task ArriveAsync()
    {
        if (Interlocked.Increment(ref _arrived) >= Volatile.Read(ref _target))
        {
            Open();
        }

        return _open.Task;
    }

    public void Open()
    {
        var held = Arrived;
        if (_open.TrySetResult())
        {
            HeldWhenOpened = held;
        }
    }

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
