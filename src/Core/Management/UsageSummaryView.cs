using System.Text.Json.Serialization;

namespace LlmGateway.Management;

/// <summary>The body of <c>GET /v0/management/usage/summary</c>.</summary>
internal sealed record UsageSummaryView(
    [property: JsonPropertyName("period")] string Period,
    [property: JsonPropertyName("from")] DateTimeOffset From,
    [property: JsonPropertyName("to")] DateTimeOffset To,
    [property: JsonPropertyName("groupBy")] string GroupBy,
    [property: JsonPropertyName("total")] UsageStatsView Total,
    [property: JsonPropertyName("groups")] IReadOnlyList<UsageStatsView> Groups);
