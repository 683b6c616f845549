using Azure;
using Azure.Security.KeyVault.Secrets;
using LlmGateway.Configuration;
using LlmGateway.Credentials.KeyVault;
using LlmGateway.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LlmGateway.Tests.Integration.KeyVault;

/// <summary>The refresher, as the app registers it, against a fake Key Vault over HTTPS.</summary>
public sealed class KeyVaultRefresherIntegrationTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private readonly FakeClock _clock = new();
    private readonly CapturingLoggerProvider _logs = new();
    private FakeKeyVault _vault = null!;
    private ServiceProvider? _services;

    public async Task InitializeAsync() => _vault = await FakeKeyVault.StartAsync();

    public async Task DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        await _vault.DisposeAsync();
    }

    [Fact]
    public async Task RefreshNowAsync_SecretRotated_PublishesNewValueAndOldIsGone()
    {
        var refresher = Build().GetRequiredService<KeyVaultRefresher>();
        _vault.SetSecret("upstream--openai--primary", "sk-old-value");
        await refresher.RefreshNowAsync();
        var changed = NextChange(refresher);

        var version = _vault.SetSecret("upstream--openai--primary", "sk-new-value");
        await refresher.RefreshNowAsync();

        var snapshot = await changed.WaitAsync(Deadline);
        Assert.Same(snapshot, refresher.Current);
        Assert.Equal(2, snapshot.Generation);
        var key = Assert.Single(snapshot.GetKeys("openai"));
        Assert.Equal(("sk-new-value", version), (key.Secret, key.Version));
    }

    [Fact]
    public async Task RefreshNowAsync_VaultDown_KeepsLastSnapshotAndWarnsWithoutValues()
    {
        var refresher = Build().GetRequiredService<KeyVaultRefresher>();
        _vault.SetSecret("upstream--openai--primary", "sk-primary-value");
        _vault.SetSecret("management-key", "mgmt-value-1234");
        await refresher.RefreshNowAsync();
        var good = refresher.Current;

        _vault.FailureStatus = 500;
        await Assert.ThrowsAsync<RequestFailedException>(() => refresher.RefreshNowAsync());

        Assert.Same(good, refresher.Current);
        Assert.Equal("sk-primary-value", refresher.Current.GetKeys("openai")[0].Secret);
        Assert.Equal("mgmt-value-1234", refresher.Current.ManagementKey);
        var warning = Assert.Single(_logs.Entries, e => e.EventId.Id == 7012);
        Assert.Contains("HTTP 500", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logs_EveryPathTaken_NeverContainASecretValue()
    {
        string[] values = ["sk-primary-AAAA1111", "sk-rotated-BBBB2222", "sk-unknown-CCCC3333", "sk-malformed-DDDD4444", "sk-badtag-EEEE5555", "mgmt-FFFF6666", "sk-disabled-GGGG7777"];
        var refresher = Build().GetRequiredService<KeyVaultRefresher>();
        _vault.SetSecret("upstream--openai--primary", values[0]);
        _vault.SetSecret("upstream--mistral--main", values[2]);
        _vault.SetSecret("upstream--openai", values[3]);
        _vault.SetSecret("upstream--openai--tagged", values[4], new Dictionary<string, string> { ["weight"] = "zero" });
        _vault.SetSecret("management-key", values[5]);
        _vault.SetSecret("upstream--openai--off", values[6], enabled: false);
        await refresher.RefreshNowAsync();
        _vault.SetSecret("upstream--openai--primary", values[1]);
        await refresher.RefreshNowAsync();
        _vault.FailureStatus = 503;
        await Assert.ThrowsAsync<RequestFailedException>(() => refresher.RefreshNowAsync());

        var logged = _logs.AllText;

        Assert.Contains(_logs.Entries, e => e.EventId.Id == 7001);
        Assert.Contains(_logs.Entries, e => e.EventId.Id == 7002);
        Assert.Contains(_logs.Entries, e => e.EventId.Id == 7004);
        Assert.Contains(_logs.Entries, e => e.EventId.Id == 7005);
        Assert.Contains(_logs.Entries, e => e.EventId.Id == 7012);
        Assert.All(values, value => Assert.DoesNotContain(value, logged, StringComparison.Ordinal));
    }

    [Fact]
    public async Task HostedService_VaultConfigured_LoadsAtStartAndRefreshesOnTheInterval()
    {
        var services = Build();
        _vault.SetSecret("upstream--openai--primary", "sk-1");
        var hosted = services.GetServices<IHostedService>().ToArray();
        var refresher = services.GetRequiredService<KeyVaultRefresher>();
        foreach (var service in hosted)
        {
            await service.StartAsync(CancellationToken.None);
        }

        await refresher.WaitForFirstLoadAsync().WaitAsync(Deadline);
        await _clock.WaitForTimersAsync(1).WaitAsync(Deadline);
        Assert.Equal("sk-1", refresher.Current.GetKeys("openai")[0].Secret);
        var changed = NextChange(refresher);

        _vault.SetSecret("upstream--openai--primary", "sk-2");
        _clock.Advance(TimeSpan.FromSeconds(30));

        var snapshot = await changed.WaitAsync(Deadline);
        Assert.Equal("sk-2", snapshot.GetKeys("openai")[0].Secret);
        foreach (var service in hosted)
        {
            await service.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task HostedService_NoVaultConfigured_BuildsNoClientAndReadsNothing()
    {
        var clientsBuilt = 0;
        var collection = new ServiceCollection();
        collection.AddSingleton(Options.Create(new GatewayOptions()));
        collection.AddSingleton(_ =>
        {
            clientsBuilt++;
            return _vault.CreateClient();
        });
        collection.AddKeyVaultSecrets();
        _services = collection.BuildServiceProvider();

        foreach (var service in _services.GetServices<IHostedService>())
        {
            await service.StartAsync(CancellationToken.None);
            await service.StopAsync(CancellationToken.None);
        }

        Assert.Equal(0, clientsBuilt);
        Assert.Empty(_vault.Requests);
    }

    [Fact]
    public void AddKeyVaultSecrets_VaultConfigured_BuildsOneClientForTheVault()
    {
        var collection = new ServiceCollection();
        collection.AddSingleton(Options.Create(new GatewayOptions
        {
            KeyVault = { VaultUri = "https://kv-gateway.vault.azure.net/" },
            ManagedIdentityClientId = "00000000-0000-0000-0000-000000000001",
        }));
        collection.AddKeyVaultSecrets();
        _services = collection.BuildServiceProvider();

        var client = _services.GetRequiredService<SecretClient>();

        Assert.Equal(new Uri("https://kv-gateway.vault.azure.net/"), client.VaultUri);
        Assert.Same(client, _services.GetRequiredService<SecretClient>());
        Assert.IsType<Azure.Identity.DefaultAzureCredential>(_services.GetRequiredService<Azure.Core.TokenCredential>());
    }

    [Fact]
    public void AddKeyVaultSecrets_Always_RegistersTheStartUpValidator()
    {
        var collection = new ServiceCollection();
        collection.AddKeyVaultSecrets();
        collection.AddKeyVaultSecrets();
        _services = collection.BuildServiceProvider();

        Assert.Single(_services.GetServices<IValidateOptions<GatewayOptions>>(), v => v is KeyVaultOptionsValidator);
        Assert.Single(_services.GetServices<IHostedService>(), s => s is KeyVaultRefreshHost);
    }

    private ServiceProvider Build()
    {
        var collection = new ServiceCollection();
        collection.AddSingleton(Options.Create(new GatewayOptions
        {
            Providers = new(StringComparer.OrdinalIgnoreCase)
            {
                ["openai"] = new ProviderOptions { Type = ProviderTypes.OpenAI, Models = ["gpt-4o"] },
            },
            KeyVault = { VaultUri = _vault.VaultUri.ToString(), RefreshSeconds = 30 },
        }));
        collection.AddSingleton<TimeProvider>(_clock);
        collection.AddSingleton(_vault.CreateClient());
        collection.AddSingleton<ILoggerFactory>(_logs.CreateFactory());
        collection.AddLogging();
        collection.AddKeyVaultSecrets();
        _services = collection.BuildServiceProvider();
        return _services;
    }

    private static Task<KeyVaultSnapshot> NextChange(KeyVaultRefresher refresher)
    {
        var next = new TaskCompletionSource<KeyVaultSnapshot>(TaskCreationOptions.RunContinuationsAsynchronously);
        refresher.Changed += (_, snapshot) => next.TrySetResult(snapshot);
        return next.Task;
    }
}
