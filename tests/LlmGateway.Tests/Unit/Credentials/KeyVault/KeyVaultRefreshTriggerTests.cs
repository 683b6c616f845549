using LlmGateway.Configuration;
using LlmGateway.Credentials;
using LlmGateway.Credentials.KeyVault;
using LlmGateway.Tests.Infrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LlmGateway.Tests.Unit.Credentials.KeyVault;

public sealed class KeyVaultRefreshTriggerTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private readonly FakeSecretsReader _reader = new();
    private readonly FakeClock _clock = new();
    private readonly CapturingLoggerProvider _logs = new();
    private readonly ILoggerFactory _loggerFactory;
    private readonly KeyVaultRefresher _refresher;
    private readonly KeyVaultRefreshTrigger _trigger;

    public KeyVaultRefreshTriggerTests()
    {
        _loggerFactory = _logs.CreateFactory();
        var options = Options.Create(new GatewayOptions { KeyVault = { VaultUri = "https://kv.vault.azure.net/", RefreshSeconds = 300 } });
        _refresher = new KeyVaultRefresher(_reader, options, _clock, _loggerFactory.CreateLogger<KeyVaultRefresher>());
        _trigger = new KeyVaultRefreshTrigger(_refresher, _clock, _loggerFactory.CreateLogger<KeyVaultRefreshTrigger>());
    }

    public async Task InitializeAsync()
    {
        await _refresher.StartAsync(CancellationToken.None);
        await _refresher.WaitForFirstLoadAsync().WaitAsync(Deadline);
        await _clock.WaitForTimersAsync(1).WaitAsync(Deadline);
    }

    public async Task DisposeAsync()
    {
        await _refresher.StopAsync(CancellationToken.None);
        _refresher.Dispose();
        _loggerFactory.Dispose();
    }

    [Fact]
    public async Task KeyRejected_VaultKey_VaultReadAtOnce()
    {
        _trigger.KeyRejected(VaultCredential());

        await _reader.WaitForReadsAsync(2).WaitAsync(Deadline);
        Assert.Single(_logs.Entries, e => e.EventId.Id == 7020 && e.Message.Contains("openai:primary", StringComparison.Ordinal));
    }

    [Fact]
    public void KeyRejected_ConfiguredKey_AsksForNothing()
    {
        _trigger.KeyRejected(new UpstreamCredential("openai:0", "openai", "sk-configured"));

        Assert.DoesNotContain(_logs.Entries, e => e.EventId.Id is 7020 or 7021);
    }

    [Fact]
    public async Task KeyRejected_AgainWithin30Seconds_NoSecondReadUntilTheGapHasPassed()
    {
        _trigger.KeyRejected(VaultCredential());
        await _reader.WaitForReadsAsync(2).WaitAsync(Deadline);
        _clock.Advance(TimeSpan.FromSeconds(29));

        _trigger.KeyRejected(VaultCredential("backup"));
        var throttled = _logs.Entries.Count(e => e.EventId.Id == 7021);
        _clock.Advance(TimeSpan.FromSeconds(1));
        _trigger.KeyRejected(VaultCredential("backup"));

        await _reader.WaitForReadsAsync(3).WaitAsync(Deadline);
        Assert.Equal(1, throttled);
        Assert.Equal(2, _logs.Entries.Count(e => e.EventId.Id == 7020));
    }

    [Fact]
    public void KeyRejected_ManyAtOnce_AsksOnce()
    {
        Parallel.For(0, 50, i => _trigger.KeyRejected(VaultCredential("k" + i)));

        Assert.Single(_logs.Entries, e => e.EventId.Id == 7020);
    }

    private static UpstreamCredential VaultCredential(string label = "primary") =>
        new($"openai:{label}", "openai", "sk-vault-" + label) { IsFromKeyVault = true };
}
