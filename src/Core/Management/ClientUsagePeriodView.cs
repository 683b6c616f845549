using System.Text.Json.Serialization;

namespace LlmGateway.Management;

/// <summary>One period of <see cref="ClientUsageView"/>: totals, and the same per model asked for.</summary>
internal sealed record ClientUsagePeriodView(
    [property: JsonPropertyName("from")] DateTimeOffset From,
    [property: JsonPropertyName("to")] DateTimeOffset To,
    [property: JsonPropertyName("total")] UsageStatsView Total,
    [property: JsonPropertyName("models")] IReadOnlyList<UsageStatsView> Models);
