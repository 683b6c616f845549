using LlmGateway.Configuration;
using LlmGateway.Credentials;
using LlmGateway.Credentials.KeyVault;
using LlmGateway.State;
using LlmGateway.Tests.Infrastructure;
using LlmGateway.Tests.Unit.Credentials.KeyVault;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LlmGateway.Tests.Unit.Credentials;

/// <summary>Configuration plus the vault's keys, as the selector sees them.</summary>
public sealed class LiveCredentialSourceTests : IDisposable
{
    private readonly FakeSecretsReader _reader = new();
    private readonly FakeClock _clock = new();
    private readonly InMemoryCredentialStateStore _state = new();
    private readonly ServiceProvider _services;
    private readonly KeyVaultRefresher _refresher;
    private readonly LiveCredentialSource _source;

    public LiveCredentialSourceTests()
    {
        var options = Options.Create(new GatewayOptions
        {
            Providers = new(StringComparer.OrdinalIgnoreCase)
            {
                ["openai"] = new ProviderOptions { Type = ProviderTypes.OpenAI, Keys = ["sk-configured"], Models = ["gpt-4o"] },
            },
            KeyVault = { VaultUri = "https://kv.vault.azure.net/" },
        });
        _refresher = new KeyVaultRefresher(_reader, options, _clock, NullLogger<KeyVaultRefresher>.Instance);
        _services = new ServiceCollection()
            .AddSingleton(_refresher)
            .AddSingleton<ICredentialStateStore>(_state)
            .BuildServiceProvider();
        _source = new LiveCredentialSource(options, _services);
    }

    public void Dispose()
    {
        _services.Dispose();
        _refresher.Dispose();
    }

    [Fact]
    public async Task GetCredentials_VaultKeyWithTags_CarriesModelsBaseUrlAndItsOrigin()
    {
        await LoadAsync(KeyVaultSnapshotTests.Key("east") with
        {
            Models = new HashSet<string> { "gpt-4o" },
            BaseUri = new Uri("https://eastus.example.net/v1/"),
        });

        var credentials = _source.GetCredentials("openai");

        Assert.Equal(["openai:0", "openai:east"], credentials.Select(c => c.Id));
        Assert.False(credentials[0].IsFromKeyVault);
        Assert.Equal((true, "sk-east", new Uri("https://eastus.example.net/v1/")), (credentials[1].IsFromKeyVault, credentials[1].Secret, credentials[1].BaseUri));
        Assert.Equal(["gpt-4o"], credentials[1].AllowedModels);
    }

    [Fact]
    public async Task GetCredentials_VaultKeyRotated_ItsCooldownsAreClearedOthersKept()
    {
        await LoadAsync(KeyVaultSnapshotTests.Key("a"), KeyVaultSnapshotTests.Key("b"));
        _source.GetCredentials("openai");
        var until = _clock.GetUtcNow().AddMinutes(30);
        _state.SetCooldown(new Cooldown("openai:a", Cooldown.AllModels, until, "key rejected (401)", 401, 0));
        _state.SetCooldown(new Cooldown("openai:b", Cooldown.AllModels, until, "key rejected (401)", 401, 0));
        _state.SetCooldown(new Cooldown("openai:0", Cooldown.AllModels, until, "key rejected (401)", 401, 0));

        await LoadAsync(KeyVaultSnapshotTests.Key("a") with { Secret = "sk-a-rotated", Version = "v2" }, KeyVaultSnapshotTests.Key("b"));
        var credentials = _source.GetCredentials("openai");

        Assert.Equal("sk-a-rotated", credentials.Single(c => c.Id == "openai:a").Secret);
        Assert.Null(_state.CoolingUntil("openai:a", "gpt-4o", _clock.GetUtcNow()));
        Assert.Equal(until, _state.CoolingUntil("openai:b", "gpt-4o", _clock.GetUtcNow()));
        Assert.Equal(until, _state.CoolingUntil("openai:0", "gpt-4o", _clock.GetUtcNow()));
    }

    [Fact]
    public async Task GetCredentials_VaultKeyOnlyRetagged_KeepsItsCooldown()
    {
        await LoadAsync(KeyVaultSnapshotTests.Key("a"));
        _source.GetCredentials("openai");
        var until = _clock.GetUtcNow().AddMinutes(30);
        _state.SetCooldown(new Cooldown("openai:a", Cooldown.AllModels, until, "key rejected (401)", 401, 0));

        await LoadAsync(KeyVaultSnapshotTests.Key("a") with { Weight = 5, Version = "v2" });
        _source.GetCredentials("openai");

        Assert.Equal(until, _state.CoolingUntil("openai:a", "gpt-4o", _clock.GetUtcNow()));
    }

    private async Task LoadAsync(params VaultKey[] keys)
    {
        _reader.Result = new KeyVaultSnapshot(keys.Select(k => ("openai", k)), null);
        await _refresher.RefreshNowAsync();
    }
}
