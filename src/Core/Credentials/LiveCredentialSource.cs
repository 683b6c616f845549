using System.Collections.Frozen;
using LlmGateway.Configuration;
using LlmGateway.Credentials.KeyVault;
using LlmGateway.State;
using Microsoft.Extensions.Options;

namespace LlmGateway.Credentials;

/// <summary>
/// Upstream keys from configuration plus, when <c>Gateway:KeyVault:VaultUri</c> is set, the vault's
/// <c>upstream--{provider}--{label}</c> secrets (ids <c>provider:label</c>). The vault's picture is rebuilt into
/// credential lists only when the refresher publishes a new snapshot, so the hot path reads a ready list: added,
/// rotated or disabled keys take effect at the next refresh, without a restart. A key whose value changed (rotated)
/// starts clean: cooldowns recorded against its old value (a 401, say) are cleared.
/// </summary>
internal sealed class LiveCredentialSource : ICredentialSource
{
    private readonly GatewayOptions _options;
    private readonly KeyVaultRefresher? _vault;
    private readonly IServiceProvider _services;
    private volatile State _state;

    public LiveCredentialSource(IOptions<GatewayOptions> options, IServiceProvider services)
    {
        _options = options.Value;
        _services = services;
        _vault = _options.KeyVault.IsConfigured ? (KeyVaultRefresher?)services.GetService(typeof(KeyVaultRefresher)) : null;
        _state = Build(_vault?.Current);
    }

    public IReadOnlyList<UpstreamCredential> GetCredentials(string provider)
    {
        var state = _state;
        if (_vault is not null && !ReferenceEquals(state.Snapshot, _vault.Current))
        {
            var next = Build(_vault.Current);
            ForgetRotated(state, next);
            state = _state = next;
        }

        return state.Credentials.TryGetValue(provider, out var list) ? list : [];
    }

    private State Build(KeyVaultSnapshot? snapshot) => new(snapshot, _options.Providers.ToFrozenDictionary(
        p => p.Key,
        p => Merge(p.Key, p.Value, snapshot),
        StringComparer.OrdinalIgnoreCase));

    /// <summary>Clears the cooldowns of vault keys whose value changed: they were earned by the old value.</summary>
    private void ForgetRotated(State previous, State next)
    {
        ICredentialStateStore? store = null;
        foreach (var (provider, credentials) in next.Credentials)
        {
            if (!previous.Credentials.TryGetValue(provider, out var before))
            {
                continue;
            }

            foreach (var credential in credentials)
            {
                if (credential.IsFromKeyVault
                    && Array.Find(before, b => b.IsFromKeyVault && b.Id == credential.Id) is { } old
                    && !string.Equals(old.Secret, credential.Secret, StringComparison.Ordinal))
                {
                    store ??= (ICredentialStateStore?)_services.GetService(typeof(ICredentialStateStore));
                    store?.Reset(credential.Id);
                }
            }
        }
    }

    private static UpstreamCredential[] Merge(string provider, ProviderOptions options, KeyVaultSnapshot? snapshot)
    {
        var configured = options.Keys.Count + options.Credentials.Count > 0 ? ConfigurationCredentialSource.Build(provider, options) : [];
        var vault = snapshot?.GetKeys(provider) ?? [];
        if (vault.Count == 0)
        {
            // Nothing anywhere: a keyless upstream (local vLLM, Ollama) gets its one keyless credential.
            return configured.Length > 0 ? configured : ConfigurationCredentialSource.Build(provider, options);
        }

        return
        [
            .. configured,
            .. vault.Select(key => new UpstreamCredential($"{provider}:{key.Label}", provider, key.Secret)
            {
                Priority = key.Priority,
                Weight = Math.Max(1, key.Weight),
                ExcludedModels = key.ExcludedModels.ToFrozenSet(StringComparer.Ordinal),
                AllowedModels = key.Models.ToFrozenSet(StringComparer.Ordinal),
                BaseUri = key.BaseUri,
                IsFromKeyVault = true,
            }),
        ];
    }

    private sealed record State(KeyVaultSnapshot? Snapshot, FrozenDictionary<string, UpstreamCredential[]> Credentials);
}
