using System.Collections.Concurrent;
using LlmGateway.Configuration;
using Microsoft.Extensions.Options;

namespace LlmGateway.Execution;

/// <summary>
/// Client-chosen sessions bound to a credential per provider, so a conversation keeps hitting the key that holds
/// its prompt cache. Bindings expire after a period without use; the map is pruned as it grows.
/// </summary>
internal sealed class SessionAffinity(IOptions<GatewayOptions> options, TimeProvider timeProvider)
{
    private const int PruneThreshold = 10_000;
    private readonly ConcurrentDictionary<(string Provider, string Session), Binding> _bindings = new();
    private readonly TimeSpan _ttl = TimeSpan.FromMinutes(options.Value.Affinity.TtlMinutes);
    private int _writes;

    public string? Find(string provider, string session)
    {
        if (!_bindings.TryGetValue((provider, session), out var binding))
        {
            return null;
        }

        var now = timeProvider.GetUtcNow();
        if (now - binding.LastUsed > _ttl)
        {
            _bindings.TryRemove(new KeyValuePair<(string, string), Binding>((provider, session), binding));
            return null;
        }

        return binding.CredentialId;
    }

    public void Bind(string provider, string session, string credentialId)
    {
        var now = timeProvider.GetUtcNow();
        _bindings[(provider, session)] = new Binding(credentialId, now);
        if (Interlocked.Increment(ref _writes) % 1024 == 0 && _bindings.Count > PruneThreshold)
        {
            foreach (var (key, binding) in _bindings)
            {
                if (now - binding.LastUsed > _ttl)
                {
                    _bindings.TryRemove(key, out _);
                }
            }
        }
    }

    private sealed record Binding(string CredentialId, DateTimeOffset LastUsed);
}
