using System.Collections.Concurrent;

namespace LlmGateway.State;

/// <summary>Credential health for a single instance: a concurrent map of cooldowns by (credential, model).</summary>
internal sealed class InMemoryCredentialStateStore : ICredentialStateStore
{
    private readonly ConcurrentDictionary<(string Credential, string Model), Cooldown> _cooldowns = new();

    public DateTimeOffset? CoolingUntil(string credentialId, string model, DateTimeOffset now)
    {
        if (_cooldowns.IsEmpty || !_cooldowns.TryGetValue((credentialId, model), out var cooldown))
        {
            return null;
        }

        return cooldown.Until > now ? cooldown.Until : null;
    }

    public void SetCooldown(string credentialId, string model, DateTimeOffset until, string reason) =>
        _cooldowns.AddOrUpdate(
            (credentialId, model),
            new Cooldown(until, reason),
            (_, existing) => existing.Until >= until ? existing : new Cooldown(until, reason));

    public void RecordSuccess(string credentialId, string model)
    {
        if (!_cooldowns.IsEmpty)
        {
            _cooldowns.TryRemove((credentialId, model), out _);
        }
    }

    private sealed record Cooldown(DateTimeOffset Until, string Reason);
}
