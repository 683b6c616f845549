using LlmGateway.Usage;

namespace LlmGateway.Tests.Unit.Usage;

public sealed class UsageSummaryTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task BuildAsync_Records_SumsTokensCountsErrorsAndAveragesLatencies()
    {
        var records = new[]
        {
            InMemoryUsageSinkTests.Record(Now) with { LatencyMs = 100, TimeToFirstTokenMs = 40, Stream = true },
            InMemoryUsageSinkTests.Record(Now) with { LatencyMs = 300, TimeToFirstTokenMs = 20.5, Stream = true },
            InMemoryUsageSinkTests.Record(Now) with { LatencyMs = 50, Status = 502, ErrorClass = "upstream_unreachable", Tokens = default },
            InMemoryUsageSinkTests.Record(Now) with { Provider = null, CredentialId = null, ModelRequested = "echo", LatencyMs = 2 },
        };

        var summary = await UsageSummary.BuildAsync(records.ToAsyncEnumerable(), UsageGroupBy.Credential);

        Assert.Equal(4, summary.Total.Requests);
        Assert.Equal(1, summary.Total.Errors);
        Assert.Equal(30, summary.Total.InputTokens);
        Assert.Equal(15, summary.Total.OutputTokens);
        Assert.Equal(6, summary.Total.CachedTokens);
        Assert.Equal(3, summary.Total.ReasoningTokens);
        Assert.Equal(9, summary.Total.CacheWriteTokens);
        Assert.Equal(113, summary.Total.AverageLatencyMs);
        Assert.Equal(30.25, summary.Total.AverageTimeToFirstTokenMs);
        Assert.Equal(["none", "openai:0"], summary.Groups.Select(g => g.Key));
        Assert.Equal(3, summary.Groups[1].Totals.Requests);
        Assert.Null(summary.Groups[0].Totals.AverageTimeToFirstTokenMs);
    }

    [Theory]
    [InlineData(nameof(UsageGroupBy.Key), "test")]
    [InlineData(nameof(UsageGroupBy.Model), "gpt-4o")]
    [InlineData(nameof(UsageGroupBy.Credential), "openai:0")]
    [InlineData(nameof(UsageGroupBy.Provider), "openai")]
    public void KeyOf_EachDimension_IsTheRecordsValue(string dimension, string expected)
    {
        Assert.Equal(expected, UsageSummary.KeyOf(InMemoryUsageSinkTests.Record(Now), Enum.Parse<UsageGroupBy>(dimension)));
    }
}
