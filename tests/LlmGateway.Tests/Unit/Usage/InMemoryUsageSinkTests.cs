using LlmGateway.Usage;

namespace LlmGateway.Tests.Unit.Usage;

public sealed class InMemoryUsageSinkTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task QueryAsync_Pages_NewestFirstWithTotal()
    {
        var sink = new InMemoryUsageSink();
        var records = Enumerable.Range(0, 5).Select(i => Record(Start.AddMinutes(i))).ToList();
        foreach (var record in records.AsEnumerable().Reverse())
        {
            sink.Record(record);
        }

        var first = await sink.QueryAsync(new UsageQuery(UsageFilter.All, 1, 2));
        var last = await sink.QueryAsync(new UsageQuery(UsageFilter.All, 3, 2));
        var beyond = await sink.QueryAsync(new UsageQuery(UsageFilter.All, 4, 2));

        Assert.Equal([records[4].Id, records[3].Id], first.Records.Select(r => r.Id));
        Assert.True(first.HasMore);
        Assert.Equal([records[0].Id], last.Records.Select(r => r.Id));
        Assert.False(last.HasMore);
        Assert.Empty(beyond.Records);
        Assert.Equal(5, beyond.Total);
    }

    [Fact]
    public async Task ImportAsync_SameRecordsTwice_StoresThemOnce()
    {
        var sink = new InMemoryUsageSink();
        var records = new[] { Record(Start), Record(Start.AddSeconds(1)) };
        sink.Record(records[0]);

        var first = await sink.ImportAsync(records);
        var second = await sink.ImportAsync(records);

        Assert.Equal(1, first);
        Assert.Equal(0, second);
        Assert.Equal(2, (await sink.ReadAsync(UsageFilter.All).ToListAsync()).Count);
    }

    [Fact]
    public void Record_BeyondCapacity_DropsTheOldest()
    {
        var sink = new InMemoryUsageSink();
        var oldest = Record(Start);
        sink.Record(oldest);
        for (var i = 0; i < InMemoryUsageSink.Capacity; i++)
        {
            sink.Record(Record(Start.AddSeconds(1)));
        }

        Assert.Equal(InMemoryUsageSink.Capacity, sink.Recent.Count);
        Assert.DoesNotContain(sink.Recent, r => r.Id == oldest.Id);
    }

    [Fact]
    public async Task ReadAsync_Filter_MatchesTimeRangeKeyModelEndpointAndStatus()
    {
        var sink = new InMemoryUsageSink();
        sink.Record(Record(Start));
        sink.Record(Record(Start.AddHours(1)) with { ClientKey = "other" });
        sink.Record(Record(Start.AddHours(2)) with { ModelRequested = "fast", ModelServed = "gpt-4o-mini" });
        sink.Record(Record(Start.AddHours(3)) with { Status = 429, ErrorClass = "all_credentials_cooling_down" });
        sink.Record(Record(Start.AddHours(4)) with { Endpoint = "messages" });

        async Task<int> Count(UsageFilter filter) => (await sink.ReadAsync(filter).ToListAsync()).Count;

        Assert.Equal(2, await Count(new UsageFilter { From = Start.AddHours(1), To = Start.AddHours(3) }));
        Assert.Equal(1, await Count(new UsageFilter { ClientKey = "other" }));
        Assert.Equal(1, await Count(new UsageFilter { Model = "gpt-4o-mini" }));
        Assert.Equal(1, await Count(new UsageFilter { Model = "fast" }));
        Assert.Equal(1, await Count(new UsageFilter { Endpoint = "messages" }));
        Assert.Equal(1, await Count(new UsageFilter { StatusMin = 400, StatusMax = 499 }));
    }

    internal static UsageRecord Record(DateTimeOffset time) => new()
    {
        Time = time,
        ClientKey = "test",
        Endpoint = "chat/completions",
        ModelRequested = "gpt-4o",
        Provider = "openai",
        CredentialId = "openai:0",
        ModelServed = "gpt-4o",
        Status = 200,
        Attempts = 1,
        Tokens = new TokenUsage(10, 5, 2, 1, 3),
        LatencyMs = 100,
    };
}
