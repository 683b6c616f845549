using System.Net;
using System.Net.Sockets;
using LlmGateway.Configuration;
using LlmGateway.State;
using LlmGateway.Storage.Tables;
using LlmGateway.Tests.Infrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LlmGateway.Tests.Integration.State;

/// <summary>
/// Shared cooldowns against Azurite: two stores on one table stand for two gateway instances. Stores run their
/// background work as in the app, on a <see cref="FakeClock"/>, so the periodic refresh only runs when a test moves
/// the clock; tests settle with <see cref="TableCredentialStateStore.SyncAsync"/>.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class TableCredentialStateStoreTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private readonly FakeClock _clock = new();
    private readonly CapturingLoggerProvider _logs = new();
    private readonly List<TableCredentialStateStore> _stores = [];
    private readonly string _prefix = AzuriteFixture.UniquePrefix();

    private DateTimeOffset Now => _clock.GetUtcNow();

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
    public async Task SyncAsync_CooldownSetOnA_BReportsItAfterBothSync()
    {
        var a = await StartAsync();
        var b = await StartAsync();
        var until = Now.AddSeconds(60);

        a.SetCooldown(new Cooldown("openai:0", "gpt-4o", until, "rate limited (429)", 429, 3));
        Assert.Null(b.CoolingUntil("openai:0", "gpt-4o", Now));
        Assert.True(await a.SyncAsync());
        Assert.True(await b.SyncAsync());

        Assert.Equal(until, b.CoolingUntil("openai:0", "gpt-4o", Now));
        Assert.Equal(new Cooldown("openai:0", "gpt-4o", until, "rate limited (429)", 429, 3), b.Get("openai:0", "gpt-4o"));
        Assert.Null(b.CoolingUntil("openai:0", "gpt-4o-mini", Now));
    }

    [Fact]
    public async Task SyncAsync_WholeCredentialCooledOnA_BSkipsItForEveryModel()
    {
        var a = await StartAsync();
        var b = await StartAsync();
        var until = Now.AddMinutes(5);

        a.SetCooldown(new Cooldown("openai:0", Cooldown.AllModels, until, "key rejected (401)", 401, 0));
        Assert.True(await a.SyncAsync());
        Assert.True(await b.SyncAsync());

        Assert.Equal(until, b.CoolingUntil("openai:0", "gpt-4o", Now));
        Assert.Equal(until, b.CoolingUntil("openai:0", "any/other-model", Now));
    }

    [Fact]
    public async Task SetCooldown_SamePairsOnTwoStoresConcurrently_LaterExpiryWinsInTableAndBothCaches()
    {
        var a = await StartAsync();
        var b = await StartAsync();
        const int Pairs = 24;
        var expected = new Dictionary<string, DateTimeOffset>();
        for (var i = 0; i < Pairs; i++)
        {
            // Alternate which store has the later expiry, so both the insert-then-update and the "theirs is later" paths run.
            var early = Now.AddSeconds(30 + i);
            var late = Now.AddSeconds(300 + i);
            var model = $"model-{i}";
            a.SetCooldown(new Cooldown("openai:0", model, i % 2 == 0 ? late : early, "a", 429, 1));
            b.SetCooldown(new Cooldown("openai:0", model, i % 2 == 0 ? early : late, "b", 429, 1));
            expected[model] = late;
        }

        Assert.All(await Task.WhenAll(a.SyncAsync(), b.SyncAsync()), Assert.True);
        Assert.All(await Task.WhenAll(a.SyncAsync(), b.SyncAsync()), Assert.True);

        var rows = await Table().QueryAsync(new TableQuery()).ToListAsync();
        Assert.Equal(Pairs, rows.Count);
        Assert.All(rows, row => Assert.Equal(expected[row.GetString("Model")!], row.GetDateTimeOffset("Until")));
        foreach (var (model, late) in expected)
        {
            Assert.Equal(late, a.CoolingUntil("openai:0", model, Now));
            Assert.Equal(late, b.CoolingUntil("openai:0", model, Now));
        }
    }

    [Fact]
    public async Task SetCooldown_EarlierExpiryWrittenAfterLater_DoesNotShortenTheSharedCooldown()
    {
        var a = await StartAsync();
        var b = await StartAsync();
        var late = Now.AddSeconds(600);

        a.SetCooldown(new Cooldown("openai:0", "gpt-4o", late, "a", 429, 4));
        Assert.True(await a.SyncAsync());
        b.SetCooldown(new Cooldown("openai:0", "gpt-4o", Now.AddSeconds(5), "b", 429, 1));
        Assert.True(await b.SyncAsync());
        Assert.True(await a.SyncAsync());

        Assert.Equal(late, (await Table().GetAsync("openai%3A0", "gpt-4o"))!.GetDateTimeOffset("Until"));
        Assert.Equal(late, a.CoolingUntil("openai:0", "gpt-4o", Now));
        Assert.Equal(late, b.CoolingUntil("openai:0", "gpt-4o", Now));
    }

    [Fact]
    public async Task RecordSuccess_OnA_ClearsTheCooldownOnBAfterSync()
    {
        var a = await StartAsync();
        var b = await StartAsync();
        a.SetCooldown(new Cooldown("openai:0", "gpt-4o", Now.AddSeconds(60), "rate limited (429)", 429, 1));
        Assert.True(await a.SyncAsync());
        Assert.True(await b.SyncAsync());
        Assert.NotNull(b.CoolingUntil("openai:0", "gpt-4o", Now));

        a.RecordSuccess("openai:0", "gpt-4o");
        Assert.True(await a.SyncAsync());
        Assert.True(await b.SyncAsync());

        Assert.Null(b.CoolingUntil("openai:0", "gpt-4o", Now));
        Assert.Null(b.Get("openai:0", "gpt-4o"));
        Assert.Empty(await Table().QueryAsync(new TableQuery()).ToListAsync());
    }

    [Fact]
    public async Task Reset_CredentialOnB_ClearsEveryModelOfItEverywhereAndLeavesOthers()
    {
        var a = await StartAsync();
        var b = await StartAsync();
        var until = Now.AddSeconds(120);
        a.SetCooldown(new Cooldown("openai:0", "gpt-4o", until, "429", 429, 1));
        a.SetCooldown(new Cooldown("openai:0", "meta/llama-3", until, "404", 404, 0));
        a.SetCooldown(new Cooldown("openai:0", Cooldown.AllModels, until, "401", 401, 0));
        a.SetCooldown(new Cooldown("openai:1", "gpt-4o", until, "429", 429, 1));
        Assert.True(await a.SyncAsync());
        Assert.True(await b.SyncAsync());

        b.Reset("openai:0");
        Assert.True(await b.SyncAsync());
        Assert.True(await a.SyncAsync());

        foreach (var store in new[] { a, b })
        {
            Assert.Null(store.CoolingUntil("openai:0", "gpt-4o", Now));
            Assert.Null(store.CoolingUntil("openai:0", "meta/llama-3", Now));
            Assert.Equal(until, store.CoolingUntil("openai:1", "gpt-4o", Now));
            Assert.Equal(["openai:1"], store.Snapshot().Select(c => c.CredentialId));
        }

        var row = Assert.Single(await Table().QueryAsync(new TableQuery()).ToListAsync());
        Assert.Equal("openai:1", row.GetString("Credential"));
    }

    [Fact]
    public async Task SyncAsync_ModelWithSlashAndCredentialWithColon_RoundTripThroughEscapedKeys()
    {
        var a = await StartAsync();
        var b = await StartAsync();
        var until = Now.AddSeconds(45);

        a.SetCooldown(new Cooldown("azure-openai:east#2", "meta-llama/Llama-3.1-8B?x", until, "404", 404, 0));
        Assert.True(await a.SyncAsync());
        Assert.True(await b.SyncAsync());

        Assert.Equal(until, b.CoolingUntil("azure-openai:east#2", "meta-llama/Llama-3.1-8B?x", Now));
    }

    [Fact]
    public async Task SyncAsync_RowExpiredOverAnHourAgo_IsPrunedWhileARecentlyExpiredOneKeepsItsStrikes()
    {
        var a = await StartAsync();
        var b = await StartAsync();
        a.SetCooldown(new Cooldown("openai:0", "old", Now.AddSeconds(10), "429", 429, 2));
        a.SetCooldown(new Cooldown("openai:0", "recent", Now.AddMinutes(61), "429", 429, 5));
        Assert.True(await a.SyncAsync());
        Assert.True(await b.SyncAsync());

        _clock.Advance(TimeSpan.FromMinutes(70) + TimeSpan.FromSeconds(11));
        Assert.True(await b.SyncAsync());
        Assert.True(await a.SyncAsync());

        var row = Assert.Single(await Table().QueryAsync(new TableQuery()).ToListAsync());
        Assert.Equal("recent", row.GetString("Model"));
        foreach (var store in new[] { a, b })
        {
            Assert.Null(store.Get("openai:0", "old"));
            Assert.Null(store.CoolingUntil("openai:0", "recent", Now));
            Assert.Equal(5, store.Get("openai:0", "recent")!.Strikes);
        }
    }

    [Fact]
    public async Task PeriodicRefresh_ClockPassesRefreshSeconds_BPicksUpACooldownWithoutSync()
    {
        var a = await StartAsync();
        var b = await StartAsync();
        var until = Now.AddSeconds(60);
        a.SetCooldown(new Cooldown("openai:0", "gpt-4o", until, "429", 429, 1));
        Assert.True(await a.SyncAsync());
        await _clock.WaitForTimersAsync(2).WaitAsync(Deadline);
        var refreshed = b.WaitForRefreshAsync();

        _clock.Advance(TimeSpan.FromSeconds(2));
        await refreshed.WaitAsync(Deadline);

        Assert.Equal(until, b.CoolingUntil("openai:0", "gpt-4o", Now));
    }

    [Fact]
    public async Task HotPath_StorageOnAClosedPort_NeverThrowsKeepsCooldownsInMemoryAndWarns()
    {
        var endpoint = $"http://127.0.0.1:{ClosedPort()}/devstoreaccount1";
        var options = new StorageOptions
        {
            ConnectionString = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={TableConnectionString.DevelopmentAccountKey};TableEndpoint={endpoint};",
            TablePrefix = _prefix,
        };
        var clientOptions = new TableStoreClientOptions();
        clientOptions.Retry.Delay = TimeSpan.FromMilliseconds(10);
        clientOptions.Retry.MaxDelay = TimeSpan.FromMilliseconds(20);
        var store = await StartAsync(TableStoreFactory.Create(options, credential: null, clientOptions));
        var until = Now.AddSeconds(60);

        store.SetCooldown(new Cooldown("openai:0", "gpt-4o", until, "429", 429, 1));
        store.SetCooldown(new Cooldown("openai:1", Cooldown.AllModels, until, "401", 401, 0));
        store.RecordSuccess("openai:1", Cooldown.AllModels);
        Assert.False(await store.SyncAsync());

        Assert.Equal(until, store.CoolingUntil("openai:0", "gpt-4o", Now));
        Assert.Null(store.CoolingUntil("openai:1", "gpt-4o", Now));
        var warnings = _logs.Entries.Where(e => e.Level == LogLevel.Warning && e.EventId.Id == 4001).ToList();
        Assert.NotEmpty(warnings);
        Assert.All(warnings, w => Assert.DoesNotContain(TableConnectionString.DevelopmentAccountKey[..16], w.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Outage_StorageComesBack_CooldownsSetMeanwhileAreWrittenAndShared()
    {
        var transport = new SwitchableTransport { Down = true };
        var clientOptions = new TableStoreClientOptions { Transport = transport };
        clientOptions.Retry.Delay = TimeSpan.FromMilliseconds(10);
        clientOptions.Retry.MaxDelay = TimeSpan.FromMilliseconds(20);
        var a = await StartAsync(azurite.CreateStore(clientOptions, _prefix));
        var until = Now.AddSeconds(600);
        a.SetCooldown(new Cooldown("openai:0", "gpt-4o", until, "429", 429, 1));
        Assert.False(await a.SyncAsync());
        Assert.True(transport.Failed > 0);
        Assert.Equal(until, a.CoolingUntil("openai:0", "gpt-4o", Now));

        transport.Down = false;
        Assert.True(await a.SyncAsync());
        var b = await StartAsync();
        Assert.True(await b.SyncAsync());

        Assert.Equal(until, a.CoolingUntil("openai:0", "gpt-4o", Now));
        Assert.Equal(until, b.CoolingUntil("openai:0", "gpt-4o", Now));
    }

    [Fact]
    public async Task Outage_AtStartThenBack_PeriodicRefreshCreatesTheTableAndKeepsRunning()
    {
        var transport = new SwitchableTransport { Down = true };
        var clientOptions = new TableStoreClientOptions { Transport = transport };
        clientOptions.Retry.Delay = TimeSpan.FromMilliseconds(10);
        clientOptions.Retry.MaxDelay = TimeSpan.FromMilliseconds(20);
        var a = await StartAsync(azurite.CreateStore(clientOptions, _prefix));
        await _clock.WaitForTimersAsync(1).WaitAsync(Deadline);
        var failedRefresh = a.WaitForRefreshAsync();
        _clock.Advance(TimeSpan.FromSeconds(2));
        await failedRefresh.WaitAsync(Deadline);

        transport.Down = false;
        var until = Now.AddSeconds(600);
        a.SetCooldown(new Cooldown("openai:0", "gpt-4o", until, "429", 429, 1));
        var refreshed = a.WaitForRefreshAsync();
        _clock.Advance(TimeSpan.FromSeconds(2));
        await refreshed.WaitAsync(Deadline);

        var row = await Table().GetAsync("openai%3A0", "gpt-4o");
        Assert.Equal(until, row?.GetDateTimeOffset("Until"));
    }

    private ITableClient Table() => azurite.CreateStore(prefix: _prefix).GetTableClient("cooldowns");

    private async Task<TableCredentialStateStore> StartAsync(ITableStore? tables = null)
    {
        var options = Options.Create(new GatewayOptions { Storage = azurite.StorageOptions(_prefix) });
        var store = new TableCredentialStateStore(
            tables ?? azurite.CreateStore(prefix: _prefix), options, _clock, _logs.CreateFactory().CreateLogger<TableCredentialStateStore>());
        _stores.Add(store);
        await store.StartAsync(CancellationToken.None);
        await store.FirstRefresh.WaitAsync(Deadline);
        return store;
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
