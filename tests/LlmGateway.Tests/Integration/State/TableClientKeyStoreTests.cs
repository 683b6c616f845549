using System.Security.Cryptography;
using System.Text;
using LlmGateway.Auth;
using LlmGateway.Configuration;
using LlmGateway.Storage.Tables;
using LlmGateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LlmGateway.Tests.Integration.State;

/// <summary>Managed client keys in Azurite, shared by two stores standing for two gateway instances.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TableClientKeyStoreTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private readonly FakeClock _clock = new();
    private readonly CapturingLoggerProvider _logs = new();
    private readonly List<TableClientKeyStore> _stores = [];
    private readonly string _prefix = AzuriteFixture.UniquePrefix();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.StopAsync(CancellationToken.None);
            store.Dispose();
        }
    }

    [Fact]
    public async Task RefreshAsync_KeySavedOnA_BFindsItByHash()
    {
        var a = await StartAsync();
        var b = await StartAsync();
        var key = Key("sk-managed-0001-abcdef");

        await a.SaveAsync(key);
        Assert.Null(b.Find(key.Hash));
        await b.RefreshAsync();

        Assert.Equal(key, b.Find(key.Hash), KeyComparer.Instance);
        Assert.NotNull(Authenticator(b).Authenticate(Request("sk-managed-0001-abcdef")));
    }

    [Fact]
    public async Task UpdateAsync_RevokedOnB_ARefusesTheKeyAfterItsRefresh()
    {
        var a = await StartAsync();
        var b = await StartAsync();
        var key = Key("sk-managed-0002-abcdef");
        await a.SaveAsync(key);
        await b.RefreshAsync();

        Assert.True(await b.UpdateAsync(key with { Revoked = _clock.GetUtcNow() }));
        Assert.Null(Authenticator(b).Authenticate(Request("sk-managed-0002-abcdef")));
        await a.RefreshAsync();

        Assert.Null(Authenticator(a).Authenticate(Request("sk-managed-0002-abcdef")));
        Assert.NotNull(a.Find(key.Hash)?.Revoked);
    }

    [Fact]
    public async Task SaveAsync_EveryField_RoundTripsThroughTheTable()
    {
        var a = await StartAsync();
        var b = await StartAsync();
        var key = Key("sk-managed-0003-abcdef") with
        {
            Label = "ci pipeline \"nightly\"",
            Expires = new DateTimeOffset(2027, 1, 2, 3, 4, 5, TimeSpan.Zero),
            AllowedModels = ["gpt-4o", "anthropic/claude-sonnet-4"],
            AllowedEndpoints = ["/v1/chat/completions", "/v1/messages"],
            AllowedIpRanges = ["10.0.0.0/8", "2001:db8::/32", "192.0.2.7"],
            RequestsPerMinute = 60,
            TokensPerDay = 5_000_000_000,
        };

        await a.SaveAsync(key);
        await b.RefreshAsync();

        Assert.Equal(key, b.Find(key.Hash), KeyComparer.Instance);
        Assert.Equal(key, await b.GetAsync(key.Id), KeyComparer.Instance);
        Assert.Equal(key, Assert.Single(await b.ListAsync()), KeyComparer.Instance);
    }

    [Fact]
    public async Task RefreshAsync_KeyDeletedFromTheTable_IsForgotten()
    {
        var a = await StartAsync();
        var key = Key("sk-managed-0004-abcdef");
        await a.SaveAsync(key);

        await azurite.CreateStore(prefix: _prefix).GetTableClient("clientkeys").DeleteAsync("key", key.Id);
        await a.RefreshAsync();

        Assert.Null(a.Find(key.Hash));
    }

    [Fact]
    public async Task UpdateAsync_UnknownId_ReturnsFalseAndStoresNothing()
    {
        var a = await StartAsync();

        Assert.False(await a.UpdateAsync(Key("sk-managed-0005-abcdef")));

        Assert.Empty(await a.ListAsync());
    }

    [Fact]
    public async Task SaveAsync_IdAlreadyUsed_ThrowsConflictAndKeepsTheFirst()
    {
        var a = await StartAsync();
        var first = Key("sk-managed-0006-abcdef");
        await a.SaveAsync(first);

        var error = await Assert.ThrowsAsync<TableRequestFailedException>(() => a.SaveAsync(Key("sk-managed-0007-abcdef") with { Id = first.Id }));

        Assert.True(error.IsConflict);
        Assert.Equal(first.Hash, (await a.GetAsync(first.Id))!.Hash);
    }

    private ClientKeyAuthenticator Authenticator(IClientKeyStore store) =>
        new(Options.Create(new GatewayOptions()), store, _clock);

    private static HttpRequest Request(string key)
    {
        var context = new DefaultHttpContext();
        context.Request.Path = "/v1/chat/completions";
        context.Request.Headers.Authorization = "Bearer " + key;
        return context.Request;
    }

    [Fact]
    public async Task RefreshAsync_ReadBeforeThisInstanceSavedAKey_KeyStaysUsable()
    {
        var gated = new GatedTableStore(azurite.CreateStore(prefix: _prefix));
        var store = await StartAsync(gated);
        var key = Key("sk-managed-0003-abcdef");

        gated.HoldNextQuery();
        var refresh = store.RefreshAsync();
        await gated.SnapshotTaken.Task.WaitAsync(Deadline);
        await store.SaveAsync(key);
        gated.Release();
        await refresh.WaitAsync(Deadline);

        Assert.NotNull(Authenticator(store).Authenticate(Request("sk-managed-0003-abcdef")));
        await store.RefreshAsync();
        Assert.NotNull(Authenticator(store).Authenticate(Request("sk-managed-0003-abcdef")));
    }

    [Fact]
    public async Task RefreshAsync_ReadBeforeThisInstanceRevokedAKey_KeyStaysRevoked()
    {
        var gated = new GatedTableStore(azurite.CreateStore(prefix: _prefix));
        var store = await StartAsync(gated);
        var key = Key("sk-managed-0004-abcdef");
        await store.SaveAsync(key);

        gated.HoldNextQuery();
        var refresh = store.RefreshAsync();
        await gated.SnapshotTaken.Task.WaitAsync(Deadline);
        Assert.True(await store.UpdateAsync(key with { Revoked = _clock.GetUtcNow() }));
        gated.Release();
        await refresh.WaitAsync(Deadline);

        Assert.Null(Authenticator(store).Authenticate(Request("sk-managed-0004-abcdef")));
    }

    private StoredClientKey Key(string secret) => new()
    {
        Id = "ck_" + Guid.NewGuid().ToString("N")[..12],
        Hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret))),
        Prefix = secret[..10],
        Created = _clock.GetUtcNow(),
    };

    private async Task<TableClientKeyStore> StartAsync(ITableStore? tables = null)
    {
        var options = Options.Create(new GatewayOptions { Storage = azurite.StorageOptions(_prefix) });
        var store = new TableClientKeyStore(tables ?? azurite.CreateStore(prefix: _prefix), options, _clock, _logs.CreateFactory().CreateLogger<TableClientKeyStore>());
        _stores.Add(store);
        await store.StartAsync(CancellationToken.None);
        await store.RefreshAsync().WaitAsync(Deadline);
        return store;
    }

    /// <summary>Records compare lists by reference; keys are equal when every field and list item is.</summary>
    private sealed class KeyComparer : IEqualityComparer<StoredClientKey?>
    {
        public static readonly KeyComparer Instance = new();

        public bool Equals(StoredClientKey? x, StoredClientKey? y) =>
            x is not null && y is not null
            && x with { AllowedModels = [], AllowedEndpoints = [], AllowedIpRanges = [] } == y with { AllowedModels = [], AllowedEndpoints = [], AllowedIpRanges = [] }
            && x.AllowedModels.SequenceEqual(y.AllowedModels)
            && x.AllowedEndpoints.SequenceEqual(y.AllowedEndpoints)
            && x.AllowedIpRanges.SequenceEqual(y.AllowedIpRanges);

        public int GetHashCode(StoredClientKey? obj) => obj?.Id.GetHashCode(StringComparison.Ordinal) ?? 0;
    }
}
