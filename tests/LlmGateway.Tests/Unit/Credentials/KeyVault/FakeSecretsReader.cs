using LlmGateway.Credentials.KeyVault;

namespace LlmGateway.Tests.Unit.Credentials.KeyVault;

/// <summary>Hands the refresher whatever the test set: a snapshot, or a failure. Counts reads.</summary>
internal sealed class FakeSecretsReader : IKeyVaultSecretsReader
{
    private readonly object _gate = new();
    private readonly List<(int Count, TaskCompletionSource Signal)> _waiters = [];
    private int _reads;

    public KeyVaultSnapshot Result { get; set; } = KeyVaultSnapshot.Empty;

    public Exception? Failure { get; set; }

    public int Reads => Volatile.Read(ref _reads);

    public Task<KeyVaultSnapshot> ReadAsync(CancellationToken cancellationToken = default)
    {
        var reads = Interlocked.Increment(ref _reads);
        var result = Failure is { } failure ? Task.FromException<KeyVaultSnapshot>(failure) : Task.FromResult(Result);
        lock (_gate)
        {
            foreach (var waiter in _waiters.Where(w => w.Count <= reads).ToArray())
            {
                _waiters.Remove(waiter);
                waiter.Signal.TrySetResult();
            }
        }

        return result;
    }

    /// <summary>Completes once <paramref name="count"/> reads have started.</summary>
    public Task WaitForReadsAsync(int count)
    {
        lock (_gate)
        {
            if (Reads >= count)
            {
                return Task.CompletedTask;
            }

            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, signal));
            return signal.Task;
        }
    }
}
