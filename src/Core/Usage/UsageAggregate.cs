using LlmGateway.Storage.Tables;

namespace LlmGateway.Usage;

/// <summary>Counters of one daily aggregate row; adding is exact (integers, sums not averages).</summary>
internal sealed record UsageAggregate
{
    public long Requests { get; init; }

    public long Errors { get; init; }

    public long InputTokens { get; init; }

    public long OutputTokens { get; init; }

    public long CachedTokens { get; init; }

    public long ReasoningTokens { get; init; }

    public long CacheWriteTokens { get; init; }

    /// <summary>Latency summed in whole microseconds, so concurrent adds stay exact.</summary>
    public long LatencyMicros { get; init; }

    public long TimeToFirstTokenMicros { get; init; }

    public long TimeToFirstTokenCount { get; init; }

    /// <summary>Mean latency in milliseconds; 0 without requests.</summary>
    public double AverageLatencyMs => Requests == 0 ? 0 : LatencyMicros / 1000.0 / Requests;

    /// <summary>Mean time to the first token over the requests that streamed one; null when none did.</summary>
    public double? AverageTimeToFirstTokenMs => TimeToFirstTokenCount == 0 ? null : TimeToFirstTokenMicros / 1000.0 / TimeToFirstTokenCount;

    public static UsageAggregate Of(UsageRecord record) => new()
    {
        Requests = 1,
        Errors = record.Status is >= 200 and < 300 && record.ErrorClass is null ? 0 : 1,
        InputTokens = record.Tokens.Input,
        OutputTokens = record.Tokens.Output,
        CachedTokens = record.Tokens.Cached,
        ReasoningTokens = record.Tokens.Reasoning,
        CacheWriteTokens = record.Tokens.CacheWrite,
        LatencyMicros = (long)Math.Round(record.LatencyMs * 1000),
        TimeToFirstTokenMicros = record.TimeToFirstTokenMs is { } ttft ? (long)Math.Round(ttft * 1000) : 0,
        TimeToFirstTokenCount = record.TimeToFirstTokenMs is null ? 0 : 1,
    };

    public UsageAggregate Add(UsageAggregate other) => new()
    {
        Requests = Requests + other.Requests,
        Errors = Errors + other.Errors,
        InputTokens = InputTokens + other.InputTokens,
        OutputTokens = OutputTokens + other.OutputTokens,
        CachedTokens = CachedTokens + other.CachedTokens,
        ReasoningTokens = ReasoningTokens + other.ReasoningTokens,
        CacheWriteTokens = CacheWriteTokens + other.CacheWriteTokens,
        LatencyMicros = LatencyMicros + other.LatencyMicros,
        TimeToFirstTokenMicros = TimeToFirstTokenMicros + other.TimeToFirstTokenMicros,
        TimeToFirstTokenCount = TimeToFirstTokenCount + other.TimeToFirstTokenCount,
    };

    public static UsageAggregate FromEntity(TableEntity entity) => new()
    {
        Requests = entity.GetInt64("Requests") ?? 0,
        Errors = entity.GetInt64("Errors") ?? 0,
        InputTokens = entity.GetInt64("InputTokens") ?? 0,
        OutputTokens = entity.GetInt64("OutputTokens") ?? 0,
        CachedTokens = entity.GetInt64("CachedTokens") ?? 0,
        ReasoningTokens = entity.GetInt64("ReasoningTokens") ?? 0,
        CacheWriteTokens = entity.GetInt64("CacheWriteTokens") ?? 0,
        LatencyMicros = entity.GetInt64("LatencyMicros") ?? 0,
        TimeToFirstTokenMicros = entity.GetInt64("TimeToFirstTokenMicros") ?? 0,
        TimeToFirstTokenCount = entity.GetInt64("TimeToFirstTokenCount") ?? 0,
    };

    public TableEntity ToEntity(string partitionKey, string rowKey) => new(partitionKey, rowKey)
    {
        ["Requests"] = Requests,
        ["Errors"] = Errors,
        ["InputTokens"] = InputTokens,
        ["OutputTokens"] = OutputTokens,
        ["CachedTokens"] = CachedTokens,
        ["ReasoningTokens"] = ReasoningTokens,
        ["CacheWriteTokens"] = CacheWriteTokens,
        ["LatencyMicros"] = LatencyMicros,
        ["TimeToFirstTokenMicros"] = TimeToFirstTokenMicros,
        ["TimeToFirstTokenCount"] = TimeToFirstTokenCount,
    };
}
