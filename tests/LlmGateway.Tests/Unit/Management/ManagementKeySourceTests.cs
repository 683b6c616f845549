using LlmGateway.Configuration;
using LlmGateway.Credentials.KeyVault;
using LlmGateway.Management;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LlmGateway.Tests.Unit.Management;

public sealed class ManagementKeySourceTests
{
    private const string Configured = "mgmt-configured-0123456789";

    [Fact]
    public void Current_NoVault_IsTheConfiguredKey()
    {
        var source = Build(new GatewayOptions { ManagementKey = Configured }, reader: null);

        Assert.Equal(Configured, source.Current);
    }

    [Fact]
    public void Current_NothingConfigured_IsNull()
    {
        Assert.Null(Build(new GatewayOptions { ManagementKey = "" }, reader: null).Current);
    }

    [Fact]
    public async Task Current_VaultHoldsAKey_WinsAndFollowsItsChanges()
    {
        var reader = new StubReader("mgmt-vault-one-0123456789");
        var options = new GatewayOptions { ManagementKey = Configured, KeyVault = { VaultUri = "https://vault.example/" } };
        var source = Build(options, reader, out var refresher);

        Assert.Equal(Configured, source.Current);
        await refresher.RefreshNowAsync();
        Assert.Equal("mgmt-vault-one-0123456789", source.Current);

        reader.ManagementKey = "mgmt-vault-two-0123456789";
        await refresher.RefreshNowAsync();
        Assert.Equal("mgmt-vault-two-0123456789", source.Current);

        reader.ManagementKey = null;
        await refresher.RefreshNowAsync();
        Assert.Equal(Configured, source.Current);
    }

    private static ManagementKeySource Build(GatewayOptions options, StubReader? reader) => Build(options, reader, out _);

    private static ManagementKeySource Build(GatewayOptions options, StubReader? reader, out KeyVaultRefresher refresher)
    {
        var wrapped = Options.Create(options);
        refresher = new KeyVaultRefresher(reader ?? new StubReader(null), wrapped, TimeProvider.System, NullLogger<KeyVaultRefresher>.Instance);
        var services = new ServiceCollection().AddSingleton(refresher).BuildServiceProvider();
        return new ManagementKeySource(wrapped, services);
    }

    private sealed class StubReader(string? managementKey) : IKeyVaultSecretsReader
    {
        public string? ManagementKey { get; set; } = managementKey;

        public Task<KeyVaultSnapshot> ReadAsync(CancellationToken cancellationToken = default) => Task.FromResult(new KeyVaultSnapshot([], ManagementKey));
    }
}
