using LlmGateway.Credentials.KeyVault;

namespace LlmGateway.Tests.Unit.Credentials.KeyVault;

/// <summary>Hands the refresher whatever the test set: a snapshot, or a failure. Counts reads.</summary>
internal sealed class FakeSecretsReader : IKeyVaultSecretsReader
{
    private int _reads;

    public KeyVaultSnapshot Result { get; set; } = KeyVaultSnapshot.Empty;

    public Exception? Failure { get; set; }

    public int Reads => Volatile.Read(ref _reads);

    public Task<KeyVaultSnapshot> ReadAsync(CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _reads);
        return Failure is { } failure ? Task.FromException<KeyVaultSnapshot>(failure) : Task.FromResult(Result);
    }
}
