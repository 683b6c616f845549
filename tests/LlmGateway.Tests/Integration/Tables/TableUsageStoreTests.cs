using LlmGateway.Configuration;
using LlmGateway.Tests.Infrastructure;
using LlmGateway.Tests.Unit.Usage;
using LlmGateway.Usage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LlmGateway.Tests.Integration.Tables;

/// <summary>
/// The table usage store's read side against Azurite, checked against the in-memory store fed the same records:
/// both must answer every read, page and summary alike.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class TableUsageStoreTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 22, 0, 0, TimeSpan.Zero);

    public static TheoryData<string> Filters => new() { "all", "range", "key", "model", "status", "quote", "combined" };

    [Theory]
    [MemberData(nameof(Filters))]
    public async Task QueryAsync_EveryPage_MatchesTheInMemoryStore(string name)
    {
        var (table, memory) = await SeedAsync();
        var filter = Filter(name);

        var expected = await memory.ReadAsync(filter).ToListAsync();
        Assert.Equal(expected.Select(r => r.Id), (await table.ReadAsync(filter).ToListAsync()).Select(r => r.Id));
        for (var page = 1; page <= 5; page++)
        {
            var query = new UsageQuery(filter, page, 3);
            var want = await memory.QueryAsync(query);
            var got = await table.QueryAsync(query);

            Assert.Equal(want.Records.Select(r => r.Id), got.Records.Select(r => r.Id));
            Assert.Equal((want.Total, want.HasMore), (got.Total, got.HasMore));
        }
    }

    [Theory]
    [InlineData(nameof(UsageGroupBy.Key))]
    [InlineData(nameof(UsageGroupBy.Model))]
    [InlineData(nameof(UsageGroupBy.Credential))]
    [InlineData(nameof(UsageGroupBy.Provider))]
    public async Task SummaryAsync_SameRecords_EqualsTheInMemoryStore(string dimension)
    {
        var groupBy = Enum.Parse<UsageGroupBy>(dimension);
        var (table, memory) = await SeedAsync();
        var to = Start.AddDays(3);

        var want = await memory.SummaryAsync(Start.AddHours(1), to, groupBy);
        var got = await table.SummaryAsync(Start.AddHours(1), to, groupBy);

        Assert.Equal(want.Total, got.Total);
        Assert.Equal(want.Groups, got.Groups);
        Assert.True(got.Total.Requests > 0);
    }

    [Fact]
    public async Task ReadAsync_RecordedNotYetFlushed_IsSeen()
    {
        var table = Create();
        var record = InMemoryUsageSinkTests.Record(Start);

        table.Record(record);

        Assert.Equal(record, Assert.Single(await table.ReadAsync(UsageFilter.All).ToListAsync()));
    }

    [Fact]
    public async Task ImportAsync_SameRecordsTwice_CountsThemOnce()
    {
        var table = Create();
        var records = Records().ToList();

        var first = await table.ImportAsync(records);
        var second = await table.ImportAsync(records);

        Assert.Equal(records.Count, first);
        Assert.Equal(0, second);
        Assert.Equal(records.Count, (await table.QueryAsync(new UsageQuery(UsageFilter.All, 1, 1))).Total);
    }

    private async Task<(TableUsageSink Table, InMemoryUsageSink Memory)> SeedAsync()
    {
        var table = Create();
        var memory = new InMemoryUsageSink();
        var records = Records().ToList();
        await memory.ImportAsync(records);

        // Some through the write-behind queue, some imported: both paths must land alike.
        foreach (var record in records.Take(5))
        {
            table.Record(record);
        }

        await table.ImportAsync(records.Skip(5).ToList());
        return (table, memory);
    }

    /// <summary>Seventeen records over four UTC days, two of them at the same instant (ordered by id).</summary>
    private static IEnumerable<UsageRecord> Records()
    {
        for (var i = 0; i < 17; i++)
        {
            var record = InMemoryUsageSinkTests.Record(Start.AddHours(i * 5 % 80).AddMinutes(i % 2 == 0 ? 0 : 7));
            yield return (i % 4) switch
            {
                0 => record with { ClientKey = "o'brien" },
                1 => record with { ModelRequested = "fast", ModelServed = "gpt-4o-mini", CredentialId = "openai:1" },
                2 => record with { Status = 429, ErrorClass = "all_credentials_cooling_down", Provider = null, CredentialId = null, ModelServed = null },
                _ => record with { Endpoint = "messages", Tokens = new TokenUsage(100, 50, 0, 0), TimeToFirstTokenMs = 12.5, Stream = true },
            };
        }
    }

    private static UsageFilter Filter(string name) => name switch
    {
        "all" => UsageFilter.All,
        "range" => new UsageFilter { From = Start.AddHours(3), To = Start.AddDays(2) },
        "key" => new UsageFilter { ClientKey = "test" },
        "model" => new UsageFilter { Model = "gpt-4o-mini" },
        "status" => new UsageFilter { StatusMin = 400, StatusMax = 499 },
        "quote" => new UsageFilter { ClientKey = "o'brien" },
        _ => new UsageFilter { From = Start.AddHours(1), ClientKey = "test", Endpoint = "messages", StatusMin = 200, StatusMax = 299 },
    };

    private TableUsageSink Create() => new(
        azurite.CreateStore(prefix: "u" + Guid.NewGuid().ToString("N")[..12]),
        Options.Create(new GatewayOptions()),
        TimeProvider.System,
        NullLogger<TableUsageSink>.Instance);
}
