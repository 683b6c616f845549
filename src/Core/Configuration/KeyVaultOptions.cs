namespace LlmGateway.Configuration;

/// <summary>
/// <c>Gateway:KeyVault</c>: upstream keys (and the management key) read from Azure Key Vault and refreshed while
/// running. Secret names: <c>upstream--{provider}--{label}</c> for upstream keys, <c>client-key--{name}</c> for
/// bootstrap client keys, <c>management-key</c>.
/// </summary>
public sealed class KeyVaultOptions
{
    /// <summary>
    /// The vault, e.g. <c>https://kv-name.vault.azure.net/</c>. Empty: keys come from configuration only.
    /// <c>Gateway:KeyVaultUri</c> sets the same thing.
    /// </summary>
    public string? VaultUri { get; set; }

    /// <summary>
    /// Seconds between re-reads of the vault, so added, rotated or disabled keys take effect (default 300). A key
    /// an upstream rejects (401/403) triggers a re-read at once.
    /// </summary>
    public double RefreshSeconds { get; set; } = 300;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(VaultUri);
}
