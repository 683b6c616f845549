using LlmGateway.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LlmGateway.Credentials.KeyVault;

/// <summary>
/// The <see cref="KeyVaultRefresher"/> when <c>Gateway:KeyVault:VaultUri</c> is set, else null: lets client-key
/// checks and <c>/healthz</c> use the vault's snapshot without building a <c>SecretClient</c> when there is no vault.
/// </summary>
internal sealed class ConfiguredKeyVault(KeyVaultRefresher? refresher)
{
    public static ConfiguredKeyVault None { get; } = new(null);

    /// <summary>Null when no vault is configured.</summary>
    public KeyVaultRefresher? Refresher { get; } = refresher;

    /// <summary>The latest snapshot, or null when no vault is configured.</summary>
    public KeyVaultSnapshot? Current => Refresher?.Current;

    public static ConfiguredKeyVault Create(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return services.GetRequiredService<IOptions<GatewayOptions>>().Value.KeyVault.IsConfigured
            ? new ConfiguredKeyVault(services.GetRequiredService<KeyVaultRefresher>())
            : None;
    }
}
