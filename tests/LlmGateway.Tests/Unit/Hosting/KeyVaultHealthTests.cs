using Azure;
using LlmGateway.Configuration;
using LlmGateway.Credentials.KeyVault;
using LlmGateway.Hosting;
using LlmGateway.Tests.Infrastructure;
using LlmGateway.Tests.Unit.Credentials.KeyVault;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LlmGateway.Tests.Unit.Hosting;

public sealed class KeyVaultHealthTests : IDisposable
{
    private readonly FakeSecretsReader _reader = new();
    private readonly FakeClock _clock = new();
    private readonly KeyVaultRefresher _refresher;

    public KeyVaultHealthTests()
    {
        var options = Options.Create(new GatewayOptions { KeyVault = { VaultUri = "https://kv.vault.azure.net/", RefreshSeconds = 300 } });
        _refresher = new KeyVaultRefresher(_reader, options, _clock, NullLogger<KeyVaultRefresher>.Instance);
    }

    public void Dispose() => _refresher.Dispose();

    [Fact]
    public async Task Of_NothingReadYet_NotLoadedWithTheFailure()
    {
        _reader.Failure = new RequestFailedException(403, "denied", "Forbidden", null);
        await Assert.ThrowsAsync<RequestFailedException>(() => _refresher.RefreshNowAsync());

        var health = KeyVaultHealth.Of(_refresher, _clock.GetUtcNow());

        Assert.Equal((KeyVaultHealth.NotLoaded, "HTTP 403 Forbidden", true), (health.Status, health.LastFailure, health.IsDegraded));
        Assert.Equal(_clock.GetUtcNow(), health.LastFailureAt);
        Assert.Null(health.LastReadAt);
        Assert.Null(health.LoadedAt);
    }

    [Fact]
    public async Task Of_LastReadSucceeded_OkWithCounts()
    {
        _reader.Result = new KeyVaultSnapshot(
            [("openai", KeyVaultSnapshotTests.Key("a")), ("openai", KeyVaultSnapshotTests.Key("b"))],
            "mgmt-key-value-0123",
            [new VaultClientKey("ci", "ck-ci-0123456789")]);
        await _refresher.RefreshNowAsync();

        var health = KeyVaultHealth.Of(_refresher, _clock.GetUtcNow());

        Assert.Equal(new KeyVaultHealth(KeyVaultHealth.Ok, _clock.GetUtcNow(), _clock.GetUtcNow(), null, null, 2, 1, true), health);
        Assert.False(health.IsDegraded);
    }

    [Fact]
    public async Task Of_ReadFailedAfterLoad_StaleKeepingTheLoadTime()
    {
        await _refresher.RefreshNowAsync();
        var loadedAt = _clock.GetUtcNow();
        _clock.Advance(TimeSpan.FromMinutes(5));
        _reader.Failure = new RequestFailedException(503, "busy", "ServiceUnavailable", null);
        await Assert.ThrowsAsync<RequestFailedException>(() => _refresher.RefreshNowAsync());

        var health = KeyVaultHealth.Of(_refresher, _clock.GetUtcNow());

        Assert.Equal((KeyVaultHealth.Stale, "HTTP 503 ServiceUnavailable"), (health.Status, health.LastFailure));
        Assert.Equal((loadedAt, loadedAt, _clock.GetUtcNow()), (health.LastReadAt, health.LoadedAt, health.LastFailureAt));
    }

    [Fact]
    public async Task Of_NoReadForThreeIntervals_StaleWithoutAFailure()
    {
        await _refresher.RefreshNowAsync();

        var fresh = KeyVaultHealth.Of(_refresher, _clock.GetUtcNow().AddMinutes(15));
        var stale = KeyVaultHealth.Of(_refresher, _clock.GetUtcNow().AddMinutes(15).AddSeconds(1));

        Assert.Equal(KeyVaultHealth.Ok, fresh.Status);
        Assert.Equal(KeyVaultHealth.Stale, stale.Status);
        Assert.Null(stale.LastFailure);
    }
}
