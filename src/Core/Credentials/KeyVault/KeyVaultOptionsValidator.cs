using LlmGateway.Configuration;
using Microsoft.Extensions.Options;

namespace LlmGateway.Credentials.KeyVault;

/// <summary>Checks <c>Gateway:KeyVault</c> at start-up when a vault is configured; each message names the setting.</summary>
internal sealed class KeyVaultOptionsValidator : IValidateOptions<GatewayOptions>
{
    public const double MinimumRefreshSeconds = 1;

    public const string RefreshSecondsMessage = "Gateway:KeyVault:RefreshSeconds must be a number of seconds of at least 1.";

    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var vault = options.KeyVault;
        if (!vault.IsConfigured)
        {
            return ValidateOptionsResult.Skip;
        }

        var errors = new List<string>();
        if (!Uri.TryCreate(vault.VaultUri, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
        {
            errors.Add("Gateway:KeyVault:VaultUri must be an absolute https URL such as https://kv-name.vault.azure.net/.");
        }

        if (!(vault.RefreshSeconds >= MinimumRefreshSeconds) || double.IsInfinity(vault.RefreshSeconds))
        {
            errors.Add(RefreshSecondsMessage);
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
