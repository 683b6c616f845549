using LlmGateway.Auth;
using LlmGateway.Configuration;
using LlmGateway.Credentials.KeyVault;
using LlmGateway.Tests.Infrastructure;
using LlmGateway.Tests.Unit.Credentials.KeyVault;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LlmGateway.Tests.Unit.Auth;

/// <summary>Bootstrap client keys from Key Vault (<c>client-key--{name}</c>), next to configured ones.</summary>
public sealed class ClientKeyAuthenticatorVaultTests : IDisposable
{
    private const string ConfiguredKey = "sk-configured-0123456789";
    private const string VaultKey = "ck-from-vault-0123456789";

    private readonly FakeSecretsReader _reader = new();
    private readonly KeyVaultRefresher _refresher;
    private readonly ClientKeyAuthenticator _authenticator;

    public ClientKeyAuthenticatorVaultTests()
    {
        var options = Options.Create(new GatewayOptions
        {
            ClientKeys = [new ClientKeyOptions { Name = "configured", Key = ConfiguredKey }],
            KeyVault = { VaultUri = "https://kv.vault.azure.net/" },
        });
        _refresher = new KeyVaultRefresher(_reader, options, new FakeClock(), NullLogger<KeyVaultRefresher>.Instance);
        _authenticator = new ClientKeyAuthenticator(options, new InMemoryClientKeyStore(), TimeProvider.System, new ConfiguredKeyVault(_refresher));
    }

    public void Dispose() => _refresher.Dispose();

    [Fact]
    public async Task Authenticate_VaultClientKey_IdentifiesTheClientByItsName()
    {
        await LoadAsync(new VaultClientKey("ci-runner", VaultKey));

        Assert.Equal("ci-runner", Authenticate(VaultKey)?.KeyName);
        Assert.Equal("configured", Authenticate(ConfiguredKey)?.KeyName);
    }

    [Fact]
    public async Task Authenticate_VaultNotLoadedYet_OnlyConfiguredKeysWork()
    {
        Assert.Null(Authenticate(VaultKey));
        Assert.Equal("configured", Authenticate(ConfiguredKey)?.KeyName);

        await LoadAsync(new VaultClientKey("ci-runner", VaultKey));

        Assert.Equal("ci-runner", Authenticate(VaultKey)?.KeyName);
    }

    [Fact]
    public async Task Authenticate_VaultKeyGoneAtNextRefresh_IsRefused()
    {
        await LoadAsync(new VaultClientKey("ci-runner", VaultKey));
        Assert.NotNull(Authenticate(VaultKey));

        await LoadAsync();

        Assert.Null(Authenticate(VaultKey));
    }

    [Fact]
    public async Task Authenticate_VaultKeyRotated_OldValueRefusedNewAccepted()
    {
        await LoadAsync(new VaultClientKey("ci-runner", VaultKey));
        Assert.NotNull(Authenticate(VaultKey));

        await LoadAsync(new VaultClientKey("ci-runner", "ck-rotated-9876543210"));

        Assert.Null(Authenticate(VaultKey));
        Assert.Equal("ci-runner", Authenticate("ck-rotated-9876543210")?.KeyName);
    }

    [Fact]
    public async Task Authenticate_WrongKeyWithVaultKeysLoaded_IsRefused()
    {
        await LoadAsync(new VaultClientKey("a", VaultKey), new VaultClientKey("b", "ck-other-0123456789"));

        Assert.Null(Authenticate(VaultKey + "x"));
        Assert.Null(Authenticate(VaultKey.ToUpperInvariant()));
    }

    private async Task LoadAsync(params VaultClientKey[] clientKeys)
    {
        _reader.Result = new KeyVaultSnapshot([], null, clientKeys);
        await _refresher.RefreshNowAsync();
    }

    private ClientIdentity? Authenticate(string key)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.Authorization = "Bearer " + key;
        return _authenticator.Authenticate(context.Request);
    }
}
