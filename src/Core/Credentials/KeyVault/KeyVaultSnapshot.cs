using System.Collections.Frozen;

namespace LlmGateway.Credentials.KeyVault;

/// <summary>
/// Everything the gateway read from Key Vault at one time: per configured provider its upstream keys (lowest
/// priority first, then by label), the bootstrap client keys (by name) and the management key. Immutable; the refresher swaps whole snapshots, and a
/// new one (with a higher <see cref="Generation"/>) only when something changed, so a consumer can rebuild when
/// the reference (or the generation) differs from the one it built from.
/// </summary>
internal sealed class KeyVaultSnapshot
{
    private readonly FrozenDictionary<string, VaultKey[]> _keys;
    private readonly VaultClientKey[] _clientKeys;

    /// <param name="keys">Each key with the configured name of its provider, in any order.</param>
    /// <param name="managementKey">The management key, or null.</param>
    /// <param name="clientKeys">The bootstrap client keys, in any order; null for none.</param>
    public KeyVaultSnapshot(IEnumerable<(string Provider, VaultKey Key)> keys, string? managementKey, IEnumerable<VaultClientKey>? clientKeys = null)
        : this(Order(keys), managementKey, Order(clientKeys), generation: 0, loadedAt: default)
    {
    }

    private KeyVaultSnapshot(FrozenDictionary<string, VaultKey[]> keys, string? managementKey, VaultClientKey[] clientKeys, long generation, DateTimeOffset loadedAt)
    {
        _keys = keys;
        _clientKeys = clientKeys;
        ManagementKey = managementKey;
        Generation = generation;
        LoadedAt = loadedAt;
    }

    /// <summary>Nothing loaded: no keys, no management key, generation 0.</summary>
    public static KeyVaultSnapshot Empty { get; } = new([], null);

    /// <summary>0 for <see cref="Empty"/>; each snapshot the refresher publishes gets the next number.</summary>
    public long Generation { get; }

    /// <summary>When the refresher published this snapshot (default until then).</summary>
    public DateTimeOffset LoadedAt { get; }

    /// <summary>The <c>management-key</c> secret, or null when the vault has none (or it is disabled or expired).</summary>
    public string? ManagementKey { get; }

    /// <summary>The configured provider names (as configured) that have at least one key in the vault.</summary>
    public IReadOnlyCollection<string> Providers => _keys.Keys;

    /// <summary>Total upstream keys over all providers.</summary>
    public int KeyCount => _keys.Values.Sum(k => k.Length);

    /// <summary>The <c>client-key--{name}</c> secrets in use, by name.</summary>
    public IReadOnlyList<VaultClientKey> ClientKeys => _clientKeys;

    /// <summary>The provider's keys (case-insensitive name), lowest priority first; empty when the vault has none.</summary>
    public IReadOnlyList<VaultKey> GetKeys(string provider) =>
        _keys.TryGetValue(provider, out var keys) ? keys : [];

    /// <summary>Same keys (values, versions and tags), client keys and management key; generation and time aside.</summary>
    public bool HasSameContent(KeyVaultSnapshot other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (!string.Equals(ManagementKey, other.ManagementKey, StringComparison.Ordinal)
            || _keys.Count != other._keys.Count
            || !_clientKeys.AsSpan().SequenceEqual(other._clientKeys))
        {
            return false;
        }

        foreach (var (provider, keys) in _keys)
        {
            if (!other._keys.TryGetValue(provider, out var otherKeys) || !keys.AsSpan().SequenceEqual(otherKeys))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>This content, stamped by the refresher as it publishes it.</summary>
    public KeyVaultSnapshot Publish(long generation, DateTimeOffset loadedAt) => new(_keys, ManagementKey, _clientKeys, generation, loadedAt);

    /// <summary>Never a secret: counts and the generation only.</summary>
    public override string ToString() =>
        $"Key Vault snapshot {Generation}: {KeyCount} keys for {_keys.Count} providers, {_clientKeys.Length} client keys, management key {(ManagementKey is null ? "absent" : "present")}";

    private static VaultClientKey[] Order(IEnumerable<VaultClientKey>? clientKeys) =>
        clientKeys is null ? [] : [.. clientKeys.OrderBy(k => k.Name, StringComparer.OrdinalIgnoreCase)];

    private static FrozenDictionary<string, VaultKey[]> Order(IEnumerable<(string Provider, VaultKey Key)> keys) =>
        keys
            .GroupBy(k => k.Provider, StringComparer.OrdinalIgnoreCase)
            .ToFrozenDictionary(
                g => g.Key,
                g => g.Select(k => k.Key)
                    .OrderBy(k => k.Priority)
                    .ThenBy(k => k.Label, StringComparer.OrdinalIgnoreCase)
                    .ToArray(),
                StringComparer.OrdinalIgnoreCase);
}
