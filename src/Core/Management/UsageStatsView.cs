using System.Text.Json.Serialization;
using LlmGateway.Usage;

namespace LlmGateway.Management;

/// <summary>Usage totals as the API shows them; <see cref="Key"/> names the group (absent on totals).</summary>
internal sealed record UsageStatsView(
    [property: JsonPropertyName("key")] string? Key,
    [property: JsonPropertyName("requests")] long Requests,
    [property: JsonPropertyName("errors")] long Errors,
    [property: JsonPropertyName("inputTokens")] long InputTokens,
    [property: JsonPropertyName("outputTokens")] long OutputTokens,
    [property: JsonPropertyName("cachedTokens")] long CachedTokens,
    [property: JsonPropertyName("reasoningTokens")] long ReasoningTokens,
    [property: JsonPropertyName("cacheWriteTokens")] long CacheWriteTokens,
    [property: JsonPropertyName("averageLatencyMs")] double AverageLatencyMs,
    [property: JsonPropertyName("averageTimeToFirstTokenMs")] double? AverageTimeToFirstTokenMs)
{
    public static UsageStatsView From(UsageAggregate totals, string? key = null) => new(
        key,
        totals.Requests,
        totals.Errors,
        totals.InputTokens,
        totals.OutputTokens,
        totals.CachedTokens,
        totals.ReasoningTokens,
        totals.CacheWriteTokens,
        Math.Round(totals.AverageLatencyMs, 3),
        totals.AverageTimeToFirstTokenMs is { } ttft ? Math.Round(ttft, 3) : null);
}
