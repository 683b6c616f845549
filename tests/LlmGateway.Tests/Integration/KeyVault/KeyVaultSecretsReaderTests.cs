using Azure;
using LlmGateway.Configuration;
using LlmGateway.Credentials.KeyVault;
using LlmGateway.Tests.Infrastructure;
using LlmGateway.Tests.Unit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LlmGateway.Tests.Integration.KeyVault;

/// <summary>The reader against a fake Key Vault that speaks the real REST shapes over HTTPS.</summary>
public sealed partial class KeyVaultSecretsReaderTests : IAsyncLifetime
{
    private readonly ManualTimeProvider _clock = new();
    private readonly CapturingLoggerProvider _logs = new();
    private FakeKeyVault _vault = null!;
    private KeyVaultSecretsReader _reader = null!;

    public async Task InitializeAsync()
    {
        _vault = await FakeKeyVault.StartAsync();
        _reader = CreateReader();
    }

    public async Task DisposeAsync() => await _vault.DisposeAsync();

    [Fact]
    public async Task ReadAsync_UpstreamSecrets_GroupsKeysUnderConfiguredProviderNames()
    {
        var version = _vault.SetSecret("upstream--openai--primary", "sk-openai-1");
        _vault.SetSecret("upstream--azure-openai--east", "az-key-1");
        _vault.SetSecret("upstream--ANTHROPIC--main", "sk-ant-1");

        var snapshot = await _reader.ReadAsync();

        Assert.Equal(["Anthropic", "OpenAI", "azure-openai"], snapshot.Providers.Order(StringComparer.Ordinal));
        var key = Assert.Single(snapshot.GetKeys("OpenAI"));
        Assert.Equal(("primary", "sk-openai-1", 0, 1, version), (key.Label, key.Secret, key.Priority, key.Weight, key.Version));
        Assert.Empty(key.ExcludedModels);
        Assert.Equal("az-key-1", snapshot.GetKeys("azure-openai")[0].Secret);
        Assert.Equal("main", snapshot.GetKeys("anthropic")[0].Label);
        Assert.Null(snapshot.ManagementKey);
    }

    [Fact]
    public async Task ReadAsync_TaggedSecrets_ApplyPriorityWeightAndExcludedModels()
    {
        _vault.SetSecret("upstream--openai--backup", "sk-b", new Dictionary<string, string> { ["priority"] = "1", ["weight"] = "2" });
        _vault.SetSecret("upstream--openai--primary", "sk-p", new Dictionary<string, string> { ["weight"] = "3", ["excludedModels"] = "o3, gpt-4.1" });

        var keys = (await _reader.ReadAsync()).GetKeys("openai");

        Assert.Equal(["primary", "backup"], keys.Select(k => k.Label));
        Assert.Equal((0, 3), (keys[0].Priority, keys[0].Weight));
        Assert.Equal(["gpt-4.1", "o3"], keys[0].ExcludedModels.Order(StringComparer.Ordinal));
        Assert.Equal((1, 2), (keys[1].Priority, keys[1].Weight));
    }

    [Fact]
    public async Task ReadAsync_InvalidTag_UsesDefaultAndWarnsOnce()
    {
        _vault.SetSecret("upstream--openai--primary", "sk-p", new Dictionary<string, string> { ["priority"] = "high" });

        var key = (await _reader.ReadAsync()).GetKeys("openai")[0];
        await _reader.ReadAsync();

        Assert.Equal(0, key.Priority);
        var warning = Assert.Single(_logs.Entries, e => e.EventId.Id == 7004);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("upstream--openai--primary", warning.Message, StringComparison.Ordinal);
        Assert.Contains("priority", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_DisabledExpiredOrNotYetValid_AreSkippedWithoutFetching()
    {
        var now = _clock.GetUtcNow();
        _vault.SetSecret("upstream--openai--good", "sk-good");
        _vault.SetSecret("upstream--openai--disabled", "sk-disabled", enabled: false);
        _vault.SetSecret("upstream--openai--expired", "sk-expired", expiresOn: now.AddMinutes(-1));
        _vault.SetSecret("upstream--openai--early", "sk-early", notBefore: now.AddMinutes(5));

        var snapshot = await _reader.ReadAsync();

        Assert.Equal(["good"], snapshot.GetKeys("openai").Select(k => k.Label));
        Assert.Equal(1, _vault.GetSecretCalls);
        Assert.Equal(3, _logs.Entries.Count(e => e.EventId.Id == 7003));
    }

    [Fact]
    public async Task ReadAsync_NotBeforePasses_KeyAppearsOnTheNextRead()
    {
        _vault.SetSecret("upstream--openai--early", "sk-early", notBefore: _clock.GetUtcNow().AddMinutes(5));
        Assert.Empty((await _reader.ReadAsync()).GetKeys("openai"));

        _clock.Advance(TimeSpan.FromMinutes(5));
        var keys = (await _reader.ReadAsync()).GetKeys("openai");

        Assert.Equal("sk-early", Assert.Single(keys).Secret);
    }

    [Fact]
    public async Task ReadAsync_KeyExpires_KeyLeavesOnTheNextRead()
    {
        _vault.SetSecret("upstream--openai--short", "sk-short", expiresOn: _clock.GetUtcNow().AddMinutes(10));
        Assert.Single((await _reader.ReadAsync()).GetKeys("openai"));

        _clock.Advance(TimeSpan.FromMinutes(10));

        Assert.Empty((await _reader.ReadAsync()).GetKeys("openai"));
    }

    [Fact]
    public async Task ReadAsync_UnknownProvider_IgnoredWithAWarningNamingTheSecretOnly()
    {
        _vault.SetSecret("upstream--mistral--main", "mistral-secret-value");
        _vault.SetSecret("upstream--openai--primary", "sk-p");

        var snapshot = await _reader.ReadAsync();

        Assert.Equal(["OpenAI"], snapshot.Providers);
        Assert.Equal(0, _vault.GetSecretCallsFor("upstream--mistral--main"));
        var warning = Assert.Single(_logs.Entries, e => e.EventId.Id == 7001);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("upstream--mistral--main", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("mistral-secret-value", _logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_UnknownProviderOnEveryRead_WarnsOnlyOnce()
    {
        _vault.SetSecret("upstream--mistral--main", "m");

        await _reader.ReadAsync();
        await _reader.ReadAsync();
        await _reader.ReadAsync();

        Assert.Single(_logs.Entries, e => e.EventId.Id == 7001);
    }

    [Fact]
    public async Task ReadAsync_MalformedAndOtherNames_AreIgnoredAndNeverFetched()
    {
        _vault.SetSecret("upstream--openai", "no-label");
        _vault.SetSecret("db-password", "not-ours");
        _vault.SetSecret("upstream--openai--primary", "sk-p");

        var snapshot = await _reader.ReadAsync();

        Assert.Equal(["primary"], snapshot.GetKeys("openai").Select(k => k.Label));
        Assert.Equal(1, _vault.GetSecretCalls);
        var warning = Assert.Single(_logs.Entries, e => e.Level >= LogLevel.Warning);
        Assert.Equal(7002, warning.EventId.Id);
        Assert.Contains("upstream--openai", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_ManagementKey_IsRead()
    {
        _vault.SetSecret("management-key", "mgmt-secret-123\n");

        var snapshot = await _reader.ReadAsync();

        Assert.Equal("mgmt-secret-123", snapshot.ManagementKey);
        Assert.Empty(snapshot.Providers);
    }

    [Fact]
    public async Task ReadAsync_DisabledManagementKey_IsAbsent()
    {
        _vault.SetSecret("management-key", "mgmt-secret-123", enabled: false);

        Assert.Null((await _reader.ReadAsync()).ManagementKey);
    }

    [Fact]
    public async Task ReadAsync_NothingChanged_FetchesNoValueAgain()
    {
        _vault.SetSecret("upstream--openai--a", "sk-a");
        _vault.SetSecret("upstream--openai--b", "sk-b");
        _vault.SetSecret("management-key", "mgmt");
        var first = await _reader.ReadAsync();
        Assert.Equal(3, _vault.GetSecretCalls);

        var second = await _reader.ReadAsync();

        Assert.Equal(3, _vault.GetSecretCalls);
        Assert.Equal(2, _vault.ListCalls);
        Assert.True(first.HasSameContent(second));
    }

    [Fact]
    public async Task ReadAsync_OneSecretRotated_FetchesOnlyItAndDropsTheOldValue()
    {
        _vault.SetSecret("upstream--openai--a", "sk-a-old");
        _vault.SetSecret("upstream--openai--b", "sk-b");
        await _reader.ReadAsync();

        var newVersion = _vault.SetSecret("upstream--openai--a", "sk-a-new");
        var snapshot = await _reader.ReadAsync();

        Assert.Equal(2, _vault.GetSecretCallsFor("upstream--openai--a"));
        Assert.Equal(1, _vault.GetSecretCallsFor("upstream--openai--b"));
        var a = snapshot.GetKeys("openai").Single(k => k.Label == "a");
        Assert.Equal(("sk-a-new", newVersion), (a.Secret, a.Version));
        Assert.DoesNotContain(snapshot.GetKeys("openai"), k => k.Secret == "sk-a-old");
    }

    [Fact]
    public async Task ReadAsync_TagsChanged_FetchesAgainAndAppliesThem()
    {
        _vault.SetSecret("upstream--openai--a", "sk-a");
        await _reader.ReadAsync();

        _vault.UpdateProperties("upstream--openai--a", tags: new Dictionary<string, string> { ["priority"] = "4" });
        var key = (await _reader.ReadAsync()).GetKeys("openai")[0];

        Assert.Equal(4, key.Priority);
        Assert.Equal(2, _vault.GetSecretCalls);
    }

    [Fact]
    public async Task ReadAsync_SecretDisabledLater_KeyLeavesWithoutAFetch()
    {
        _vault.SetSecret("upstream--openai--a", "sk-a");
        _vault.SetSecret("upstream--openai--b", "sk-b");
        await _reader.ReadAsync();

        _vault.UpdateProperties("upstream--openai--a", enabled: false);
        var snapshot = await _reader.ReadAsync();

        Assert.Equal(["b"], snapshot.GetKeys("openai").Select(k => k.Label));
        Assert.Equal(2, _vault.GetSecretCalls);
    }

    [Fact]
    public async Task ReadAsync_SecretDeleted_KeyIsGone()
    {
        _vault.SetSecret("upstream--openai--a", "sk-a");
        _vault.SetSecret("upstream--openai--b", "sk-b");
        await _reader.ReadAsync();

        _vault.DeleteSecret("upstream--openai--a");
        var snapshot = await _reader.ReadAsync();

        Assert.Equal(["b"], snapshot.GetKeys("openai").Select(k => k.Label));
    }

    [Fact]
    public async Task ReadAsync_CachedValueOlderThanMaxAge_IsFetchedAgain()
    {
        _vault.SetSecret("upstream--openai--a", "sk-a");
        await _reader.ReadAsync();

        _clock.Advance(KeyVaultSecretsReader.ValueMaxAge);
        await _reader.ReadAsync();

        Assert.Equal(2, _vault.GetSecretCalls);
    }

    [Fact]
    public async Task ReadAsync_MorePagesThanOne_FollowsNextLink()
    {
        _vault.PageSize = 2;
        for (var i = 0; i < 5; i++)
        {
            _vault.SetSecret($"upstream--openai--key{i}", $"sk-{i}");
        }

        var snapshot = await _reader.ReadAsync();

        Assert.Equal(["key0", "key1", "key2", "key3", "key4"], snapshot.GetKeys("openai").Select(k => k.Label));
        Assert.Equal(3, _vault.ListCalls);
        Assert.Contains(_vault.Requests, r => r.Path.Contains("$skiptoken=4", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReadAsync_VaultFails_ThrowsAndTheNextGoodReadStillWorks()
    {
        _vault.SetSecret("upstream--openai--a", "sk-a");
        _vault.FailureStatus = 503;

        var failure = await Assert.ThrowsAsync<RequestFailedException>(() => _reader.ReadAsync());
        Assert.Equal(503, failure.Status);

        _vault.FailureStatus = null;
        Assert.Equal("sk-a", (await _reader.ReadAsync()).GetKeys("openai")[0].Secret);
    }

    [Fact]
    public async Task ReadAsync_Always_AuthenticatesWithTheVaultScopeAndChallengeTenant()
    {
        _vault.SetSecret("upstream--openai--a", "sk-a");

        await _reader.ReadAsync();

        var token = Assert.Single(_vault.Credential.Requests);
        Assert.Equal(["https://vault.azure.net/.default"], token.Scopes);
        Assert.Equal(FakeKeyVault.TenantId, token.TenantId);
        Assert.All(_vault.Requests.Where(r => r.Header("authorization") is not null), r => Assert.Equal("Bearer " + FakeKeyVault.Token, r.Header("authorization")));
    }

    private KeyVaultSecretsReader CreateReader()
    {
        var options = Options.Create(new GatewayOptions
        {
            Providers = new(StringComparer.OrdinalIgnoreCase)
            {
                ["OpenAI"] = new ProviderOptions { Type = ProviderTypes.OpenAI, Models = ["gpt-4o"] },
                ["azure-openai"] = new ProviderOptions { Type = ProviderTypes.OpenAI, Models = ["gpt-4o"] },
                ["Anthropic"] = new ProviderOptions { Type = ProviderTypes.Anthropic, Models = ["claude"] },
            },
        });
        return new KeyVaultSecretsReader(_vault.CreateClient(), options, _clock, _logs.CreateFactory().CreateLogger<KeyVaultSecretsReader>());
    }
}
