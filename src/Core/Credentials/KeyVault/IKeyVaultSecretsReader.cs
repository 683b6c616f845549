namespace LlmGateway.Credentials.KeyVault;

/// <summary>Reads the gateway's secrets from the vault into a <see cref="KeyVaultSnapshot"/>.</summary>
internal interface IKeyVaultSecretsReader
{
    /// <summary>
    /// One complete read of the vault. Throws when the vault cannot be read; the caller keeps what it had.
    /// Calls must not overlap (the <see cref="KeyVaultRefresher"/> serialises them).
    /// </summary>
    Task<KeyVaultSnapshot> ReadAsync(CancellationToken cancellationToken = default);
}
