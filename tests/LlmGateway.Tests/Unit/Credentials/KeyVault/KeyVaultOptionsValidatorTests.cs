using LlmGateway.Configuration;
using LlmGateway.Credentials.KeyVault;

namespace LlmGateway.Tests.Unit.Credentials.KeyVault;

public class KeyVaultOptionsValidatorTests
{
    private readonly KeyVaultOptionsValidator _validator = new();

    [Fact]
    public void Validate_NoVault_Skips()
    {
        var result = _validator.Validate(null, new GatewayOptions { KeyVault = { RefreshSeconds = 0 } });

        Assert.True(result.Skipped);
    }

    [Fact]
    public void Validate_HttpsVaultAndInterval_Succeeds()
    {
        var result = _validator.Validate(null, new GatewayOptions { KeyVault = { VaultUri = "https://kv-gw.vault.azure.net/", RefreshSeconds = 30 } });

        Assert.True(result.Succeeded);
    }

    [Theory]
    [InlineData("kv-gw.vault.azure.net", 60, "Gateway:KeyVault:VaultUri")]
    [InlineData("http://kv-gw.vault.azure.net/", 60, "Gateway:KeyVault:VaultUri")]
    [InlineData("https://kv-gw.vault.azure.net/", 0, "Gateway:KeyVault:RefreshSeconds")]
    [InlineData("https://kv-gw.vault.azure.net/", 0.5, "Gateway:KeyVault:RefreshSeconds")]
    [InlineData("https://kv-gw.vault.azure.net/", double.NaN, "Gateway:KeyVault:RefreshSeconds")]
    public void Validate_BadSetting_FailsNamingIt(string vaultUri, double refreshSeconds, string setting)
    {
        var result = _validator.Validate(null, new GatewayOptions { KeyVault = { VaultUri = vaultUri, RefreshSeconds = refreshSeconds } });

        Assert.True(result.Failed);
        Assert.Contains(setting, result.FailureMessage, StringComparison.Ordinal);
    }
}
