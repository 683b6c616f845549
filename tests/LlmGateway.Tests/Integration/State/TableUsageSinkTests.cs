using LlmGateway.Configuration;
using LlmGateway.Storage.Tables;
using LlmGateway.Tests.Infrastructure;
using LlmGateway.Usage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LlmGateway.Tests.Integration.State;

/// <summary>
/// Usage written behind to Azurite: two sinks on one set of tables stand for two gateway instances. Their flush
/// timers run on a <see cref="FakeClock"/> that tests do not move, so only the tests' own flushes write.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class TableUsageSinkTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly DateTimeOffset Noon = new(2026, 3, 14, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeClock _clock = new(Noon);
    private readonly CapturingLoggerProvider _logs = new();
    private readonly List<TableUsageSink> _sinks = [];
    private readonly string _prefix = AzuriteFixture.UniquePrefix();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var sink in _sinks)
        {
            await sink.StopAsync(CancellationToken.None);
            sink.Dispose();
        }
    }

    [Fact]
    public async Task FlushAsync_TwoSinksWritingAndFlushingConcurrently_AggregatesEqualTheExactSums()
    {
        var a = await StartAsync();
        var b = await StartAsync();
        const int Writers = 4;
        const int PerWriter = 250;
        var records = Enumerable.Range(0, Writers * PerWriter).Select(i => Record(i, Noon.AddMilliseconds(i))).ToArray();
        var writing = 0;

        // Writers 0 and 1 record on A, 2 and 3 on B; each sink flushes over and over while they write.
        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            var sink = w < Writers / 2 ? a : b;
            for (var i = 0; i < PerWriter; i++)
            {
                sink.Record(records[(w * PerWriter) + i]);
                if (i % 50 == 49)
                {
                    await Task.Yield();
                }
            }

            Interlocked.Increment(ref writing);
        })).ToArray();
        var flushers = new[] { a, b }.Select(sink => Task.Run(async () =>
        {
            while (Volatile.Read(ref writing) < Writers)
            {
                await sink.FlushAsync();
                await Task.Yield();
            }
        })).ToArray();
        await Task.WhenAll(writers);
        await Task.WhenAll(flushers);
        await Task.WhenAll(a.FlushAsync(), b.FlushAsync());

        await AssertAggregatesAsync(records);
        var stored = await Table(UsageTableEntities.RecordsTable).QueryAsync(new TableQuery()).ToListAsync();
        Assert.Equal(records.Length, stored.Count);
        Assert.Equal(records.Select(r => r.Id).Order(), stored.Select(e => e.GetGuid("Id")!.Value).Order());
    }

    [Fact]
    public async Task FlushAsync_SameRecordsAgainAndImported_ChangesNothing()
    {
        var a = await StartAsync();
        var b = await StartAsync();
        var records = Enumerable.Range(0, 150).Select(i => Record(i, Noon.AddSeconds(i))).ToArray();
        foreach (var record in records)
        {
            a.Record(record);
        }

        await a.FlushAsync();

        // A retried flush (the same records queued again), and an import of them on the other instance.
        foreach (var record in records)
        {
            a.Record(record);
        }

        await a.FlushAsync();
        Assert.Equal(0, await b.ImportAsync(records));
        Assert.Equal(0, await a.ImportAsync(records));

        await AssertAggregatesAsync(records);
        Assert.Equal(records.Length, (await Table(UsageTableEntities.RecordsTable).QueryAsync(new TableQuery()).ToListAsync()).Count);
    }

    [Fact]
    public async Task ImportAsync_SomeAlreadyStored_CountsOnlyTheNewOnes()
    {
        var a = await StartAsync();
        var records = Enumerable.Range(0, 120).Select(i => Record(i, Noon.AddSeconds(i))).ToArray();
        Assert.Equal(60, await a.ImportAsync(records[..60]));

        var added = await a.ImportAsync(records[30..]);

        Assert.Equal(60, added);
        await AssertAggregatesAsync(records);
    }

    [Fact]
    public async Task FlushAsync_RecordsEitherSideOfUtcMidnight_GoToTwoDayPartitions()
    {
        var a = await StartAsync();
        var lastOfDay = Record(1, new DateTimeOffset(2026, 3, 14, 23, 59, 59, 900, TimeSpan.Zero));
        var firstOfNext = Record(2, new DateTimeOffset(2026, 3, 15, 0, 0, 0, 100, TimeSpan.Zero));

        // 01:30 in UTC+02:00 is 23:30 UTC the day before: the UTC day decides.
        var localAfterMidnight = Record(3, new DateTimeOffset(2026, 3, 15, 1, 30, 0, TimeSpan.FromHours(2)));
        a.Record(lastOfDay);
        a.Record(firstOfNext);
        a.Record(localAfterMidnight);

        await a.FlushAsync();

        var stored = await Table(UsageTableEntities.RecordsTable).QueryAsync(new TableQuery()).ToListAsync();
        Assert.Equal(
            new[] { ("20260314", lastOfDay.Id), ("20260314", localAfterMidnight.Id), ("20260315", firstOfNext.Id) }.Order(),
            stored.Select(e => (e.PartitionKey, e.GetGuid("Id")!.Value)).Order());
        var daily = await Table(UsageTableEntities.DailyTable).QueryAsync(new TableQuery()).ToListAsync();
        Assert.Equal(["20260314", "20260315"], daily.Select(e => e.PartitionKey).Distinct().Order());
        await AssertAggregatesAsync([lastOfDay, firstOfNext, localAfterMidnight]);
    }

    [Fact]
    public async Task FlushAsync_MoreThan100RecordsInOneDay_SplitIntoBatchesAndAllStored()
    {
        var a = await StartAsync();
        var records = Enumerable.Range(0, 250).Select(i => Record(i, Noon.AddMilliseconds(i))).ToArray();
        foreach (var record in records)
        {
            a.Record(record);
        }

        await a.FlushAsync();

        Assert.Equal(250, (await Table(UsageTableEntities.RecordsTable).QueryAsync(new TableQuery { PartitionKey = "20260314" }).ToListAsync()).Count);
        await AssertAggregatesAsync(records);
    }

    [Fact]
    public async Task FlushAsync_AggregateWriteFailsAfterRecordsStored_NextFlushCountsThemExactlyOnce()
    {
        var transport = new SwitchableTransport();
        var a = await StartAsync(transport);
        var records = Enumerable.Range(0, 40).Select(i => Record(i, Noon.AddSeconds(i))).ToArray();
        foreach (var record in records)
        {
            a.Record(record);
        }

        transport.FailWhen = request => request.Uri.Path.Contains(UsageTableEntities.DailyTable, StringComparison.Ordinal);
        await Assert.ThrowsAnyAsync<Exception>(() => a.FlushAsync());
        Assert.Equal(records.Length, (await Table(UsageTableEntities.RecordsTable).QueryAsync(new TableQuery()).ToListAsync()).Count);

        transport.FailWhen = null;
        await a.FlushAsync();

        await AssertAggregatesAsync(records);
    }

    [Fact]
    public async Task FlushAsync_StorageDownThenBack_RecordsKeptAndStoredOnce()
    {
        var transport = new SwitchableTransport();
        var a = await StartAsync(transport);
        var records = Enumerable.Range(0, 30).Select(i => Record(i, Noon.AddSeconds(i))).ToArray();
        foreach (var record in records)
        {
            a.Record(record);
        }

        transport.Down = true;
        await Assert.ThrowsAnyAsync<Exception>(() => a.FlushAsync());

        transport.Down = false;
        await a.FlushAsync();

        await AssertAggregatesAsync(records);
    }

    [Fact]
    public async Task FlushAsync_ModelNamesTooLongForTableKeys_StoredAndCountedUnderShortenedKeys()
    {
        var a = await StartAsync();
        var good = Enumerable.Range(0, 5).Select(i => Record(i, Noon.AddSeconds(i))).ToArray();

        // Any model passes through a provider configured with '*': a caller chooses its length.
        var huge = Record(10, Noon) with { ModelRequested = "openai/" + new string('x', 40_000), ModelServed = new string('x', 40_000) };
        var wide = Record(11, Noon) with { ModelRequested = "openai/" + string.Concat(Enumerable.Repeat("模型😀", 30)) };
        foreach (var record in good.Append(huge).Append(wide))
        {
            a.Record(record);
        }

        await a.FlushAsync();
        var later = good[0] with { Id = Guid.NewGuid(), Time = Noon.AddMinutes(1) };
        a.Record(later);
        await a.FlushAsync();

        await AssertAggregatesAsync([.. good, huge, wide, later]);
        Assert.All(
            await Table(UsageTableEntities.DailyTable).QueryAsync(new TableQuery()).ToListAsync(),
            row => Assert.InRange(row.RowKey.Length, 1, 1024));
        var stored = await Table(UsageTableEntities.RecordsTable).QueryAsync(new TableQuery()).ToListAsync();
        Assert.Equal(UsageTableEntities.MaxModelLength, stored.Single(e => e.GetGuid("Id") == huge.Id).GetString("ModelRequested")!.Length);
    }

    [Fact]
    public async Task FlushAsync_OneRecordTheServiceRefuses_IsDroppedAndTheOthersAreStoredAndCounted()
    {
        var a = await StartAsync();
        var good = Enumerable.Range(0, 5).Select(i => Record(i, Noon.AddSeconds(i))).ToArray();

        // A string property may hold 64 KiB: the service refuses this record.
        var refused = Record(7, Noon) with { Endpoint = "/" + new string('e', 40_000) };
        foreach (var record in good.Append(refused))
        {
            a.Record(record);
        }

        await a.FlushAsync();
        var later = Record(8, Noon.AddMinutes(1));
        a.Record(later);
        await a.FlushAsync();

        await AssertAggregatesAsync([.. good, later]);
        Assert.Contains(_logs.Entries, e => e.EventId.Id == 4103 && e.Message.Contains(refused.Id.ToString(), StringComparison.Ordinal));
    }

    private static UsageRecord Record(int i, DateTimeOffset time) => new()
    {
        Time = time,
        ClientKey = i % 3 == 0 ? "bob" : "alice",
        Endpoint = "/v1/chat/completions",
        ModelRequested = i % 2 == 0 ? "gpt-4o" : "claude/sonnet",
        Provider = "openai",
        CredentialId = i % 4 == 0 ? "openai:0" : "openai:1",
        ModelServed = i % 2 == 0 ? "gpt-4o-2024-08-06" : "claude-sonnet-4",
        Status = i % 7 == 0 ? 429 : 200,
        ErrorClass = i % 7 == 0 ? "upstream_429" : null,
        Attempts = 1,
        Tokens = new TokenUsage(100 + i, 10 + (i % 13), i % 5, i % 3, i % 2),
        LatencyMs = 12.5 + i,
        TimeToFirstTokenMs = i % 2 == 0 ? 3.25 : null,
    };

    /// <summary>
    /// Every daily aggregate row of <paramref name="records"/> equals their sums for its (day, key, model) or
    /// (day, credential, model); with <paramref name="allRows"/>, there are no other rows.
    /// </summary>
    private async Task AssertAggregatesAsync(IReadOnlyCollection<UsageRecord> records, bool allRows = true)
    {
        var expected = records
            .SelectMany(r => new[] { UsageTableEntities.KeyRow(r), UsageTableEntities.CredentialRow(r) }.Select(row => (Key: (UsageTableEntities.Day(r.Time), row), Record: r)))
            .GroupBy(x => x.Key)
            .ToDictionary(g => g.Key, g => g.Select(x => UsageAggregate.Of(x.Record)).Aggregate((s, d) => s.Add(d)));
        var rows = (await Table(UsageTableEntities.DailyTable).QueryAsync(new TableQuery()).ToListAsync())
            .ToDictionary(e => (e.PartitionKey, e.RowKey), UsageAggregate.FromEntity);

        if (allRows)
        {
            Assert.Equal(expected.Keys.Order(), rows.Keys.Order());
        }

        foreach (var (key, sums) in expected)
        {
            Assert.True(rows.TryGetValue(key, out var stored), $"no aggregate row {key}");
            Assert.Equal(sums, stored);
        }
    }

    private ITableClient Table(string name) => azurite.CreateStore(prefix: _prefix).GetTableClient(name);

    private async Task<TableUsageSink> StartAsync(SwitchableTransport? transport = null)
    {
        TableStoreClientOptions? clientOptions = null;
        if (transport is not null)
        {
            clientOptions = new TableStoreClientOptions { Transport = transport };
            clientOptions.Retry.Delay = TimeSpan.FromMilliseconds(10);
            clientOptions.Retry.MaxDelay = TimeSpan.FromMilliseconds(20);
        }

        var options = Options.Create(new GatewayOptions { Storage = azurite.StorageOptions(_prefix) });
        var sink = new TableUsageSink(azurite.CreateStore(clientOptions, _prefix), options, _clock, _logs.CreateFactory().CreateLogger<TableUsageSink>());
        _sinks.Add(sink);
        await sink.StartAsync(CancellationToken.None);
        return sink;
    }
}
