using System.Text.Json.Serialization;

namespace LlmGateway.Management;

/// <summary>The body of <c>GET /v1/usage</c>: the calling key's own usage over the last day, week and month.</summary>
internal sealed record ClientUsageView(
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("day")] ClientUsagePeriodView Day,
    [property: JsonPropertyName("week")] ClientUsagePeriodView Week,
    [property: JsonPropertyName("month")] ClientUsagePeriodView Month);
