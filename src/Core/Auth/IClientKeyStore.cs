namespace LlmGateway.Auth;

/// <summary>
/// Client keys created at run time (management API). <see cref="Find"/> is on the hot path and reads memory only;
/// table-backed stores refresh that memory in the background so a key created or revoked anywhere holds everywhere.
/// </summary>
internal interface IClientKeyStore
{
    /// <summary>The key whose hash is <paramref name="hash"/> (lower-case hex SHA-256), active or not; null when unknown.</summary>
    StoredClientKey? Find(string hash);

    Task<IReadOnlyList<StoredClientKey>> ListAsync(CancellationToken cancellationToken = default);

    Task<StoredClientKey?> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Saves a new key (the caller made the secret and its hash).</summary>
    Task SaveAsync(StoredClientKey key, CancellationToken cancellationToken = default);

    /// <summary>Replaces a key's record (label, allow-lists, expiry, revocation); false when the id is unknown.</summary>
    Task<bool> UpdateAsync(StoredClientKey key, CancellationToken cancellationToken = default);
}
