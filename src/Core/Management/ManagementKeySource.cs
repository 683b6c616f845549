using LlmGateway.Configuration;
using LlmGateway.Credentials.KeyVault;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LlmGateway.Management;

/// <summary>
/// The management key in force, read on every request because the vault's can change while running: the Key Vault
/// secret <c>management-key</c> when a vault is configured and holds one, else <c>Gateway:ManagementKey</c>, else none
/// (every management route then answers 404).
/// </summary>
internal sealed class ManagementKeySource
{
    private readonly string? _configured;
    private readonly KeyVaultRefresher? _vault;

    public ManagementKeySource(IOptions<GatewayOptions> options, IServiceProvider services)
    {
        var gateway = options.Value;
        _configured = string.IsNullOrEmpty(gateway.ManagementKey) ? null : gateway.ManagementKey;
        _vault = gateway.KeyVault.IsConfigured ? services.GetService<KeyVaultRefresher>() : null;
    }

    public string? Current => _vault?.Current.ManagementKey is { Length: > 0 } fromVault ? fromVault : _configured;
}
