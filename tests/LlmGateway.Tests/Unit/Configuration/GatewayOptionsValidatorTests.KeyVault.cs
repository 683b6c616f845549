using LlmGateway.Configuration;

namespace LlmGateway.Tests.Unit.Configuration;

/// <summary>What Key Vault relaxes (client keys may come from the vault) and the per-key settings it shares with configuration.</summary>
public partial class GatewayOptionsValidatorTests
{
    [Theory]
    [InlineData("KeyVault:VaultUri")]
    [InlineData("KeyVaultUri")]
    public void Validate_NoClientKeysButKeyVaultConfigured_Succeeds(string setting)
    {
        var options = ValidOptions();
        options.ClientKeys.Clear();
        if (setting == "KeyVaultUri")
        {
            options.KeyVaultUri = "https://kv-gateway.vault.azure.net/";
        }
        else
        {
            options.KeyVault.VaultUri = "https://kv-gateway.vault.azure.net/";
        }

        var result = Validate(options);

        Assert.True(result.Succeeded, string.Join(Environment.NewLine, result.Failures ?? []));
    }

    [Fact]
    public void Validate_NoClientKeysAndNoSource_MentionsKeyVault()
    {
        var options = ValidOptions();
        options.ClientKeys.Clear();

        var failure = SingleFailure(Validate(options));

        Assert.Contains("Gateway:KeyVaultUri", failure, StringComparison.Ordinal);
        Assert.Contains("client-key--{name}", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("eastus.example.net/v1")]
    [InlineData("ftp://eastus.example.net/v1")]
    public void Validate_CredentialBaseUrlNotAnHttpUrl_FailsNamingTheSetting(string baseUrl)
    {
        var options = ValidOptions();
        options.Providers["openai"].Credentials.Add(new CredentialOptions { Key = "sk-east", Label = "east", BaseUrl = baseUrl });

        var failure = SingleFailure(Validate(options));

        Assert.StartsWith("Gateway:Providers:openai:Credentials:0:BaseUrl", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_CredentialWithBaseUrlAndModels_Succeeds()
    {
        var options = ValidOptions();
        options.Providers["openai"].Credentials.Add(new CredentialOptions
        {
            Key = "sk-east",
            Label = "east",
            BaseUrl = "https://eastus.example.net/openai/v1",
            Models = ["gpt-4o"],
        });

        var result = Validate(options);

        Assert.True(result.Succeeded, string.Join(Environment.NewLine, result.Failures ?? []));
    }
}
