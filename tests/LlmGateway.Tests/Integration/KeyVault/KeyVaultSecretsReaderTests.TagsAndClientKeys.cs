using LlmGateway.Credentials.KeyVault;
using Microsoft.Extensions.Logging;

namespace LlmGateway.Tests.Integration.KeyVault;

/// <summary>The <c>models</c>, <c>baseUrl</c> and <c>enabled</c> tags, and <c>client-key--{name}</c> secrets.</summary>
public sealed partial class KeyVaultSecretsReaderTests
{
    [Fact]
    public async Task ReadAsync_ModelsAndBaseUrlTags_CarriedOnTheKey()
    {
        _vault.SetSecret("upstream--openai--east", "sk-east", new Dictionary<string, string>
        {
            ["models"] = "gpt-4o, gpt-4o-mini",
            ["baseUrl"] = "https://eastus.example.net/openai/v1",
        });

        var key = Assert.Single((await _reader.ReadAsync()).GetKeys("openai"));

        Assert.Equal(["gpt-4o", "gpt-4o-mini"], key.Models.Order(StringComparer.Ordinal));
        Assert.Equal(new Uri("https://eastus.example.net/openai/v1/"), key.BaseUri);
        Assert.DoesNotContain(_logs.Entries, e => e.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task ReadAsync_InvalidBaseUrlOrEnabledTag_KeyKeptWithDefaultsAndWarningNamesTheTag()
    {
        _vault.SetSecret("upstream--openai--odd", "sk-odd", new Dictionary<string, string> { ["baseUrl"] = "eastus.example.net", ["enabled"] = "maybe" });

        var key = Assert.Single((await _reader.ReadAsync()).GetKeys("openai"));

        Assert.Null(key.BaseUri);
        var warning = Assert.Single(_logs.Entries, e => e.EventId.Id == 7004);
        Assert.Contains("upstream--openai--odd", warning.Message, StringComparison.Ordinal);
        Assert.Contains("baseUrl", warning.Message, StringComparison.Ordinal);
        Assert.Contains("enabled", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_EnabledTagFalse_LeavesThePoolWithoutAFetchAndReturnsWhenTrue()
    {
        _vault.SetSecret("upstream--openai--good", "sk-good");
        _vault.SetSecret("upstream--openai--paused", "sk-paused", new Dictionary<string, string> { ["Enabled"] = "false" });

        var before = await _reader.ReadAsync();
        _vault.UpdateProperties("upstream--openai--paused", tags: new Dictionary<string, string> { ["enabled"] = "true" });
        var after = await _reader.ReadAsync();

        Assert.Equal(["good"], before.GetKeys("openai").Select(k => k.Label));
        Assert.Equal(["good", "paused"], after.GetKeys("openai").Select(k => k.Label));
        Assert.Equal(1, _vault.GetSecretCallsFor("upstream--openai--paused"));
        Assert.Single(_logs.Entries, e => e.EventId.Id == 7003 && e.Message.Contains("enabled tag is false", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReadAsync_EnabledTagTurnedFalse_KeyLeavesOnTheNextRead()
    {
        _vault.SetSecret("upstream--openai--a", "sk-a");
        Assert.Single((await _reader.ReadAsync()).GetKeys("openai"));

        _vault.UpdateProperties("upstream--openai--a", tags: new Dictionary<string, string> { ["enabled"] = "false" });

        Assert.Empty((await _reader.ReadAsync()).GetKeys("openai"));
    }

    [Fact]
    public async Task ReadAsync_ClientKeys_ReadByNameWithValuesTrimmed()
    {
        _vault.SetSecret("client-key--ci-runner", "ck-ci-runner-0123456789\n");
        _vault.SetSecret("Client-Key--Bot", "ck-bot-0123456789");

        var snapshot = await _reader.ReadAsync();

        Assert.Equal([("Bot", "ck-bot-0123456789"), ("ci-runner", "ck-ci-runner-0123456789")], snapshot.ClientKeys.Select(k => (k.Name, k.Key)));
        Assert.Empty(snapshot.Providers);
    }

    [Fact]
    public async Task ReadAsync_ClientKeyDisabledExpiredOrTooShort_NotUsed()
    {
        _vault.SetSecret("client-key--good", "ck-good-0123456789");
        _vault.SetSecret("client-key--off", "ck-off-0123456789", enabled: false);
        _vault.SetSecret("client-key--old", "ck-old-0123456789", expiresOn: _clock.GetUtcNow().AddMinutes(-1));
        _vault.SetSecret("client-key--short", "ck-1");

        var snapshot = await _reader.ReadAsync();

        Assert.Equal(["good"], snapshot.ClientKeys.Select(k => k.Name));
        Assert.Equal(3, _logs.Entries.Count(e => e.EventId.Id == 7003));
        Assert.DoesNotContain("ck-1", _logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_ClientKeyDisabledLater_LeavesOnTheNextRead()
    {
        _vault.SetSecret("client-key--ci", "ck-ci-0123456789");
        Assert.Single((await _reader.ReadAsync()).ClientKeys);

        _vault.UpdateProperties("client-key--ci", enabled: false);

        Assert.Empty((await _reader.ReadAsync()).ClientKeys);
    }

    [Fact]
    public async Task ReadAsync_MalformedClientKeyName_IgnoredWithAWarningAndNeverFetched()
    {
        _vault.SetSecret("client-key---bad", "ck-bad-0123456789");

        var snapshot = await _reader.ReadAsync();

        Assert.Empty(snapshot.ClientKeys);
        Assert.Equal(0, _vault.GetSecretCalls);
        var warning = Assert.Single(_logs.Entries, e => e.EventId.Id == 7002);
        Assert.Contains("client-key---bad", warning.Message, StringComparison.Ordinal);
    }
}
