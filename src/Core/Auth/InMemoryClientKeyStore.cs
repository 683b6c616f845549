using System.Collections.Concurrent;

namespace LlmGateway.Auth;

/// <summary>Client keys in this instance's memory (no storage configured): they last until the process ends.</summary>
internal sealed class InMemoryClientKeyStore : IClientKeyStore
{
    private readonly ConcurrentDictionary<string, StoredClientKey> _byId = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, StoredClientKey> _byHash = new(StringComparer.Ordinal);

    public StoredClientKey? Find(string hash) => _byHash.IsEmpty ? null : _byHash.GetValueOrDefault(hash);

    public Task<IReadOnlyList<StoredClientKey>> ListAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<StoredClientKey>>([.. _byId.Values.OrderBy(k => k.Created)]);

    public Task<StoredClientKey?> GetAsync(string id, CancellationToken cancellationToken = default) => Task.FromResult(_byId.GetValueOrDefault(id));

    public Task SaveAsync(StoredClientKey key, CancellationToken cancellationToken = default)
    {
        Put(key);
        return Task.CompletedTask;
    }

    public Task<bool> UpdateAsync(StoredClientKey key, CancellationToken cancellationToken = default)
    {
        if (!_byId.ContainsKey(key.Id))
        {
            return Task.FromResult(false);
        }

        Put(key);
        return Task.FromResult(true);
    }

    /// <summary>Replaces the whole picture (a table refresh).</summary>
    public void ReplaceAll(IEnumerable<StoredClientKey> keys)
    {
        var list = keys.ToList();
        foreach (var key in list)
        {
            Put(key);
        }

        var ids = list.Select(k => k.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var (id, key) in _byId)
        {
            if (!ids.Contains(id))
            {
                _byId.TryRemove(id, out _);
                _byHash.TryRemove(key.Hash, out _);
            }
        }
    }

    internal void Put(StoredClientKey key)
    {
        _byId[key.Id] = key;
        _byHash[key.Hash] = key;
    }
}
