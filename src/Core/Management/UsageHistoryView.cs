using System.Text.Json.Serialization;

namespace LlmGateway.Management;

/// <summary>The body of <c>GET /v0/management/usage/history</c>: one page, newest first.</summary>
internal sealed record UsageHistoryView(
    [property: JsonPropertyName("data")] IReadOnlyList<UsageRecordView> Data,
    [property: JsonPropertyName("page")] int Page,
    [property: JsonPropertyName("limit")] int Limit,
    [property: JsonPropertyName("total")] long Total,
    [property: JsonPropertyName("hasMore")] bool HasMore);
