using System.Collections.Concurrent;

namespace LlmGateway.State;

/// <summary>Credential health for a single instance: a concurrent map of cooldowns by (credential, model).</summary>
internal sealed class InMemoryCredentialStateStore : ICredentialStateStore
{
    private readonly ConcurrentDictionary<(string Credential, string Model), Cooldown> _cooldowns = new();

    public DateTimeOffset? CoolingUntil(string credentialId, string model, DateTimeOffset now)
    {
        if (_cooldowns.IsEmpty)
        {
            return null;
        }

        DateTimeOffset? until = null;
        if (_cooldowns.TryGetValue((credentialId, model), out var own) && own.Until > now)
        {
            until = own.Until;
        }

        if (_cooldowns.TryGetValue((credentialId, Cooldown.AllModels), out var all) && all.Until > now && (until is null || all.Until > until))
        {
            until = all.Until;
        }

        return until;
    }

    public Cooldown? Get(string credentialId, string model) =>
        _cooldowns.TryGetValue((credentialId, model), out var cooldown) ? cooldown : null;

    public void SetCooldown(Cooldown cooldown) =>
        _cooldowns.AddOrUpdate(
            (cooldown.CredentialId, cooldown.Model),
            cooldown,
            (_, existing) => existing.Until > cooldown.Until ? existing with { Strikes = Math.Max(existing.Strikes, cooldown.Strikes) } : cooldown);

    public void RecordSuccess(string credentialId, string model)
    {
        if (!_cooldowns.IsEmpty)
        {
            _cooldowns.TryRemove((credentialId, model), out _);
        }
    }

    public void Reset(string credentialId)
    {
        foreach (var key in _cooldowns.Keys)
        {
            if (key.Credential == credentialId)
            {
                _cooldowns.TryRemove(key, out _);
            }
        }
    }

    public IReadOnlyList<Cooldown> Snapshot() => [.. _cooldowns.Values];
}
